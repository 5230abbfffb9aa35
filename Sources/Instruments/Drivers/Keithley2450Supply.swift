import Foundation
import InstrumentProtocols

/// Keithley 2450 SourceMeter (or a 2460, 2461, 2470: the same SCPI command set, ``KeithleySourceMeterModel``) as
/// the DUT supply: source voltage, limit current, measure current (protocols.md §6).
public actor Keithley2450Supply: PowerSupply {
    public nonisolated let role: String
    public nonisolated let driverName: String
    public nonisolated let limits: SupplyLimits
    /// The model the station file names; `*IDN?` must report it.
    public nonisolated let model: KeithleySourceMeterModel
    private let session: SCPISession
    private var level: (volts: Double, currentLimit: Double)?
    private var outputOn: Bool?
    /// The command set `*LANG?` reported at connect.
    public private(set) var language: String?

    /// Creates the driver for `model` over a SCPI session.
    public init(role: String, session: SCPISession, limits: SupplyLimits, model: KeithleySourceMeterModel = .model2450) {
        self.role = role
        self.model = model
        driverName = model.driverName
        self.session = session
        self.limits = limits
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        guard identity.manufacturer.uppercased().contains("KEITHLEY"), identity.model.contains(model.rawValue) else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName, message: "\(identity) is not a \(model.title)")
        }
        language = try await checkCommandSet()
        try await session.write("*CLS")
        try await session.configure(Self.functions)
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func configure(volts: Double, currentLimit: Double) async throws {
        try limits.check(volts: volts, currentLimit: currentLimit, role: role)
        try await session.configure(":SOUR:VOLT:ILIM \(String(format: "%.6g", currentLimit))")
        try await session.configure(":SOUR:VOLT:LEV \(String(format: "%.6g", volts))")
        level = (volts, currentLimit)
    }

    public func setOutput(_ on: Bool) async throws {
        try await session.configure(":OUTP \(on ? "ON" : "OFF")")
        outputOn = on
    }

    /// Checks the power-on bit and reads back the source function, voltage, current limit and output state;
    /// when anything is lost it sources voltage again, sets the level and limit, then the output as it was.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "supply")
        let function = try await session.query(":SOUR:FUNC?").uppercased()
        if !function.hasPrefix("VOLT") { audit.mismatch("source function", found: function, expected: "VOLT") }
        if let level {
            audit.compare(
                "voltage", found: try await number(":SOUR:VOLT:LEV?"), expected: level.volts, tolerance: 1e-4, unit: " V")
            audit.compare(
                "current limit", found: try await number(":SOUR:VOLT:ILIM?"), expected: level.currentLimit, tolerance: 1e-5,
                unit: " A")
        }
        if let outputOn {
            audit.compare("output", found: try await number(":OUTP?") != 0, expected: outputOn)
        }
        guard audit.lost else { return .intact }
        try await session.configure(Self.functions)
        let applied = try await reapply(level: level, outputOn: outputOn)
        return audit.outcome(applied: ["source voltage, measure current"] + applied)
    }

    private static let functions = ":SOUR:FUNC VOLT;:SENS:FUNC \"CURR\""

    public func measure() async throws -> SupplyReading {
        let amps = try await number(":MEAS:CURR?")
        let volts = try await number(":MEAS:VOLT?")
        let output = try await number(":OUTP?")
        let tripped = try await number(":SOUR:VOLT:ILIM:TRIP?")
        return SupplyReading(volts: volts, amps: amps, outputOn: output != 0, inCompliance: tripped != 0)
    }

    public func goToSafeState() async throws {
        try await session.write(":OUTP OFF")
        outputOn = false
    }

    /// Asks `*LANG?` and refuses a SourceMeter that is not in its SCPI command set.
    ///
    /// The 2450 (like the 2460, 2461 and 2470) has three command sets: SCPI, TSP (Lua scripts, its factory default on some firmware) and
    /// SCPI2400 (Keithley 2400 emulation). In TSP or SCPI2400 it does not understand this driver's commands, which
    /// would end in retry timeouts, so the driver refuses with what to do instead. It answers `*LANG?` in every
    /// command set (QCoDeS `Keithley_2450.py` checks `*LANG?` == `SCPI` at connect; instruments-audit.md). The
    /// change takes effect after a power cycle.
    private func checkCommandSet() async throws -> String {
        let language = try await session.query("*LANG?") { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        switch language {
        case "SCPI":
            return language
        case "TSP", "SCPI2400":
            let mode = language == "TSP" ? "TSP mode" : "SCPI2400 (Keithley 2400 emulation) mode"
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "the instrument is in \(mode); switch it to SCPI: MENU > System > Settings > Command Set "
                    + "> SCPI, then power it off and on")
        default:
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "*LANG? answered \(language.debugDescription), not SCPI; switch the command set to SCPI: "
                    + "MENU > System > Settings > Command Set")
        }
    }

    private func number(_ command: String) async throws -> Double {
        try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite else {
                throw ReplyParseError(command: command, expected: "a number", reply: reply)
            }
            return value
        }
    }
}
