import Foundation
import InstrumentProtocols

/// Keysight E36312A triple-output supply as the DUT supply, one output chosen by configuration (protocols.md §6;
/// pymeasure `keysightE36312A.py`).
///
/// Every command names its output with a channel list: `VOLT 1.5,(@1)`, `CURR 0.5,(@1)`, `OUTP ON,(@1)`,
/// `MEAS:VOLT? (@1)`, `MEAS:CURR? (@1)`, `OUTP? (@1)`. Constant-current operation (compliance) is bit 0 of
/// `STAT:QUES:INST:ISUM<n>:COND?`. Settings are followed by `SYST:ERR?`, so a refused value is a device error.
///
/// Two limits apply before anything is sent: the station's ``SupplyLimits`` (a ``SafetyLimitError``) and the
/// output's rating (output 1: 6 V, 5 A; outputs 2 and 3: 25 V, 1 A), refused as unsupported.
///
/// At connect the driver sets the output's over-voltage protection to the station's `max_volts` (clamped to
/// the output's rating), `VOLT:PROT <v>,(@n)`, so the supply itself cuts the output should anything drive it
/// higher: a second line of defence in the hardware (instruments-audit.md, "keysight-e36312a"). The current has
/// its hardware line in the current limit itself (`CURR`, never above `max_amps`); over-current protection
/// (`CURR:PROT:STAT ON`) is left off, because it would switch the output off whenever the DUT reaches its limit,
/// which the sequencer must see as compliance instead.
///
/// Pairing (`OUTP:PAIR?`: `OFF`, `PAR` or `SER`) ties outputs 2 and 3 together and changes what they deliver.
/// The driver refuses a paired supply unless the station file says it is paired the same way (`pairing`).
public actor KeysightE36312ASupply: PowerSupply {
    public nonisolated let role: String
    public nonisolated let driverName = "keysight-e36312a"
    public nonisolated let limits: SupplyLimits
    /// The output driven, 1…3.
    public nonisolated let channel: Int
    /// The output pairing the station file expects: `OFF`, `PAR` or `SER`.
    public nonisolated let pairing: String
    private let session: SCPISession
    private var level: (volts: Double, currentLimit: Double)?
    private var outputOn: Bool?

    /// The ratings of outputs 1…3: maximum volts and amps.
    public static let ratings: [Int: (volts: Double, amps: Double)] = [1: (6, 5), 2: (25, 1), 3: (25, 1)]

    /// Creates the driver over a SCPI session for output `channel` (1…3).
    public init(role: String, session: SCPISession, limits: SupplyLimits, channel: Int = 1, pairing: String = "OFF") {
        self.role = role
        self.session = session
        self.limits = limits
        self.channel = channel
        self.pairing = pairing.uppercased()
    }

    public func connect() async throws -> InstrumentIdentity {
        guard Self.ratings[channel] != nil else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName, message: "the E36312A has outputs 1 to 3, not \(channel)")
        }
        let identity = try await session.identify()
        let maker = identity.manufacturer.lowercased()
        guard maker.contains("keysight") || maker.contains("agilent"), identity.model.uppercased() == "E36312A" else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Keysight E36312A (other E363xx models have other output ratings)")
        }
        try await session.write("*CLS")
        try await session.checkErrors(after: "*CLS")
        let paired = try await session.query("OUTP:PAIR?") { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        guard Self.pairingName(paired) == Self.pairingName(pairing) else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "the supply's outputs are paired \(Self.pairingName(paired)) (OUTP:PAIR? = \(paired)), but the "
                    + "station file expects \(Self.pairingName(pairing)); pairing changes what outputs 2 and 3 "
                    + "deliver: unpair them on the front panel or set pairing in the station file")
        }
        if let rating = Self.ratings[channel] {
            let level = String(format: "%.6g", min(limits.maximumVolts, rating.volts))
            try await session.configure("VOLT:PROT \(level),(@\(channel))")
        }
        return identity
    }

    /// Pairing in words: `OFF` none, `PAR` parallel, `SER` series.
    static func pairingName(_ reply: String) -> String {
        switch reply.uppercased() {
        case "OFF", "0": "off"
        case "PAR", "PARALLEL": "in parallel"
        case "SER", "SERIES": "in series"
        default: reply
        }
    }

    public func disconnect() async {
        await session.close()
    }

    public func configure(volts: Double, currentLimit: Double) async throws {
        try limits.check(volts: volts, currentLimit: currentLimit, role: role)
        guard let rating = Self.ratings[channel], volts <= rating.volts, currentLimit <= rating.amps else {
            let rating = Self.ratings[channel].map { "\($0.volts) V, \($0.amps) A" } ?? "no rating"
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "\(volts) V with a \(currentLimit) A limit is beyond output \(channel)'s rating (\(rating))")
        }
        try await session.configure("CURR \(String(format: "%.6g", currentLimit)),(@\(channel))")
        try await session.configure("VOLT \(String(format: "%.6g", volts)),(@\(channel))")
        level = (volts, currentLimit)
    }

    public func setOutput(_ on: Bool) async throws {
        try await session.configure("OUTP \(on ? "ON" : "OFF"),(@\(channel))")
        outputOn = on
    }

    /// Checks the power-on bit and reads back the output's voltage, current limit and state; re-applies them
    /// when anything is lost.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "supply")
        if let level {
            audit.compare(
                "output \(channel) voltage", found: try await number("VOLT? (@\(channel))"), expected: level.volts,
                tolerance: 1e-4, unit: " V")
            audit.compare(
                "output \(channel) current limit", found: try await number("CURR? (@\(channel))"),
                expected: level.currentLimit, tolerance: 1e-5, unit: " A")
        }
        if let outputOn {
            audit.compare("output \(channel)", found: try await number("OUTP? (@\(channel))") != 0, expected: outputOn)
        }
        guard audit.lost else { return .intact }
        return audit.outcome(applied: try await reapply(level: level, outputOn: outputOn))
    }

    public func measure() async throws -> SupplyReading {
        let volts = try await number("MEAS:VOLT? (@\(channel))")
        let amps = try await number("MEAS:CURR? (@\(channel))")
        let output = try await number("OUTP? (@\(channel))")
        let command = "STAT:QUES:INST:ISUM\(channel):COND?"
        let status = try await session.query(command) { reply in
            guard let value = Int(reply), value >= 0 else {
                throw ReplyParseError(command: command, expected: "a register value", reply: reply)
            }
            return value
        }
        return SupplyReading(volts: volts, amps: amps, outputOn: output != 0, inCompliance: status & 1 == 1)
    }

    public func goToSafeState() async throws {
        try await session.write("OUTP OFF,(@\(channel))")
        outputOn = false
    }

    private func number(_ command: String) async throws -> Double {
        try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite, abs(value) < 9e37 else {
                throw ReplyParseError(command: command, expected: "a number", reply: reply)
            }
            return value
        }
    }
}
