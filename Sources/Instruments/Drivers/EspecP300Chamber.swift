import Foundation
import InstrumentProtocols

/// Espec P-300 chamber controller in ASCII lines over serial (or a serial-to-LAN bridge) (protocols.md §4).
///
/// Every command, setting or query, is one CR LF line and gets one reply line: settings answer `OK: <command>`,
/// refusals `NA:<message>` (a device error, never retried), queries their data. On RS-485 each command carries the
/// unit address (`1,TEMP?`). Serial speed and framing come from the station file (the P-300 runs 19200 8N1).
///
/// - Identity: `ROM?` answers the controller's ROM version; a P-300's starts with `P3` (ChamberConnectLibrary
///   `espec.py` tells a P-300 from an SCP-220 this way). Anything else is refused.
/// - Temperatures: `TEMP?` gives `PV,SP,high,low`. With the product-temperature option (PTCON), detected at
///   connect by `MON PTC?` answering data rather than `NA:`, `MON PTC?` gives the product (DUT) and air
///   temperatures; without it there is no DUT reading.
/// - Control: `MODE,CONSTANT` runs constant set point 1 (after `POWER,ON` when the controller is `OFF`);
///   `MODE,STANDBY` stops. The P-300 ramps only inside programs, so it takes no ramp rate here: the sequencer
///   steps the set point instead.
/// - Alarms: `ALARM?` answers `count[,code…]`.
/// - Purge: a dry-air valve wired to one of the twelve time-signal relays (`RELAY,ON,n` / `RELAY,OFF,n`), when
///   the station names that relay.
/// - Dead man: start sets the quick timer (timer 0) to put the chamber in standby after `dead_man_seconds`,
///   rounded up to whole minutes (`TIMER WRITE,NO0,h:m,STANDBY`), and starts it (`TIMER,ON,0`); every reading while
///   running starts it again (ChamberConnectLibrary `p300.py`, `write_timer_quick`, `write_timer`). A controller
///   that dies stops re-arming it, and the chamber stops regulating by itself. Whether `TIMER,ON,0` restarts a
///   running countdown is not in the public sources; the driver writes the time again before it to be sure.
public actor EspecP300Chamber: ThermalChamber {
    public nonisolated let role: String
    public nonisolated let driverName = "espec-p300"
    public nonisolated let limits: ChamberLimits
    public nonisolated var supportsRampRate: Bool { false }
    /// The RS-485 unit address put in front of each command, or nil on RS-232 and TCP.
    public nonisolated let address: Int?
    /// The time-signal relay (1…12) that drives the dry-air purge valve, or nil when the chamber has none.
    public nonisolated let purgeRelay: Int?
    private let session: LineSession
    private var hasProductSensor = false
    private var setpoint: Double?
    private var running: Bool?
    private var purge: Bool?
    /// The dead man, s (0: none): the quick timer puts the chamber in standby when the readings stop.
    public nonisolated let deadManSeconds: Int

    /// Creates the driver over a line session whose terminator is CR LF.
    public init(
        role: String, session: LineSession, limits: ChamberLimits, address: Int? = nil, purgeRelay: Int? = nil,
        deadManSeconds: Int = 0
    ) {
        self.role = role
        self.session = session
        self.limits = limits
        self.address = address
        self.purgeRelay = purgeRelay
        self.deadManSeconds = deadManSeconds
    }

    public func connect() async throws -> InstrumentIdentity {
        let rom = try await query(text("ROM?")) { $0 }
        guard rom.uppercased().hasPrefix("P3") else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "ROM? answered \(rom.debugDescription), but an Espec P-300 answers with a ROM version "
                    + "starting with P3; check the driver (an SCP-220 is not a P-300) and the serial address")
        }
        do {
            _ = try await query(text("MON PTC?")) { reply in try Self.productTemperature(reply) }
            hasProductSensor = true
        } catch let error as InstrumentError where error.kind == .deviceError {
            hasProductSensor = false
        }
        return InstrumentIdentity(manufacturer: "Espec", model: "P-300", serialNumber: "", firmware: rom)
    }

    public func disconnect() async {
        await session.close()
    }

    public func setSetpoint(_ celsius: Double) async throws {
        try limits.check(setpoint: celsius, role: role)
        try await setting(try command(.setTemperature(setPoint: celsius)))
        setpoint = celsius
    }

    public func setRampRate(_ kelvinPerMinute: Double) async throws {
        try limits.check(ramp: kelvinPerMinute, role: role)
        throw InstrumentError(
            .unsupported, role: role, driver: driverName,
            message: "the P-300 ramps only inside programs, not in constant mode; "
                + "the sequencer steps the setpoint instead")
    }

    public func readTemperatures() async throws -> ChamberReading {
        if running == true { try await armDeadMan() }
        let temperatureQuery = try command(.readTemperature)
        let status = try await query(temperatureQuery) { reply in
            try EspecP300.parseTemperature(reply, command: temperatureQuery)
        }
        guard hasProductSensor else {
            return ChamberReading(airCelsius: status.processValue, dutCelsius: nil, setpointCelsius: status.setPoint)
        }
        let (product, air) = try await query(text("MON PTC?")) { reply in try Self.productTemperature(reply) }
        return ChamberReading(airCelsius: air, dutCelsius: product, setpointCelsius: status.setPoint)
    }

    public func start() async throws {
        let modeQuery = try command(.readMode)
        let mode = try await query(modeQuery) { reply in try EspecP300.parseMode(reply, command: modeQuery) }
        if mode == .off {
            try await setting(try command(.power(on: true)))
        }
        try await setting(try command(.setMode(.constant)))
        running = true
        try await armDeadMan()
    }

    /// Writes the quick timer (standby after the dead-man time, in whole minutes) and starts it.
    private func armDeadMan() async throws {
        guard deadManSeconds > 0 else { return }
        let minutes = (deadManSeconds + 59) / 60
        try await setting(text("TIMER WRITE,NO0,\(minutes / 60):\(minutes % 60),STANDBY"))
        try await setting(text("TIMER,ON,0"))
    }

    public func stop() async throws {
        try await setting(try command(.setMode(.standby)))
        running = false
    }

    /// The P-300 has no power-on flag: reads back the set point (`TEMP?`) and the mode (`MODE?`: constant means
    /// running) and re-applies them, and the purge relay (which cannot be read), when either differs.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        if let setpoint {
            let temperatureQuery = try command(.readTemperature)
            let status = try await query(temperatureQuery) { reply in
                try EspecP300.parseTemperature(reply, command: temperatureQuery)
            }
            audit.compare("setpoint", found: status.setPoint, expected: setpoint, tolerance: 0.05, unit: " °C")
        }
        if let running {
            let modeQuery = try command(.readMode)
            let mode = try await query(modeQuery) { reply in try EspecP300.parseMode(reply, command: modeQuery) }
            if (mode == .constant) != running {
                audit.mismatch("mode", found: "\(mode)", expected: running ? "constant" : "standby")
            }
        }
        guard audit.lost else { return .intact }
        audit.note("the controller lost its settings (a reboot?)")
        return audit.outcome(applied: try await reapply(setpoint: setpoint, running: running, purge: purge))
    }

    public func alarms() async throws -> [String] {
        let codes = try await query(text("ALARM?")) { reply in try Self.alarmCodes(reply) }
        return codes.map { "Espec alarm code \($0)" }
    }

    public func setPurge(_ on: Bool) async throws {
        guard let purgeRelay else {
            if !on { return }
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "no purge relay is configured for this chamber; the condensation guard cannot purge")
        }
        try await setting(text("RELAY,\(on ? "ON" : "OFF"),\(purgeRelay)"))
        purge = on
    }

    public func goToSafeState() async throws {
        try await setSetpoint(limits.safeCelsius)
        try await start()
    }

    // MARK: - Exchanges

    /// A command's text with the RS-485 address when there is one.
    private func command(_ command: EspecP300Command) throws -> String {
        do {
            return try command.text(address: address)
        } catch {
            throw InstrumentError(.unsupported, role: role, driver: driverName, message: error.description)
        }
    }

    /// Text for a command the protocol module has no case for (`ROM?`, `ALARM?`, `MON PTC?`, `RELAY`).
    private func text(_ body: String) -> String {
        address.map { "\($0),\(body)" } ?? body
    }

    /// Sends a setting and checks for `OK`.
    private func setting(_ command: String) async throws {
        _ = try await query(command) { reply in try EspecP300.checkAccepted(reply, command: command) }
    }

    /// Sends `command` and parses the reply; `NA:` becomes a device error, a reply of the wrong form a
    /// malformed reply (retried).
    private func query<T: Sendable>(
        _ command: String, parse: @escaping @Sendable (String) throws -> T
    ) async throws -> T {
        let role = role
        let driver = driverName
        return try await session.query(command) { reply in
            if reply.uppercased().hasPrefix("NA:") {
                let message = String(reply.dropFirst(3)).trimmingCharacters(in: [" "])
                throw InstrumentError(
                    .deviceError, role: role, driver: driver,
                    message: EspecError.notAccepted(command: command, message: message).description)
            }
            do {
                return try parse(reply)
            } catch let error as EspecError {
                throw InstrumentError(.malformedReply, role: role, driver: driver, message: error.description)
            }
        }
    }

    // MARK: - Replies without a protocol-module parser

    /// `MON PTC?`: `product,air,[humidity,]mode,alarms`; returns product and air temperatures.
    static func productTemperature(_ reply: String) throws -> (product: Double, air: Double) {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 || fields.count == 5, let product = Double(fields[0]), let air = Double(fields[1]),
            product.isFinite, air.isFinite
        else {
            throw ReplyParseError(
                command: "MON PTC?", expected: "product,air,[humidity,]mode,alarms (e.g. 24.1,23.5,CONSTANT,0)",
                reply: reply)
        }
        return (product, air)
    }

    /// `ALARM?`: `count[,code…]`; returns the codes.
    static func alarmCodes(_ reply: String) throws -> [Int] {
        let values = reply.split(separator: ",").map { Int($0.trimmingCharacters(in: [" "])) }
        let numbers = values.compactMap { $0 }
        guard !numbers.isEmpty, numbers.count == values.count, numbers[0] >= 0, numbers.count == numbers[0] + 1 else {
            throw ReplyParseError(command: "ALARM?", expected: "count[,code…] (e.g. 0 or 2,3,18)", reply: reply)
        }
        return Array(numbers.dropFirst())
    }
}
