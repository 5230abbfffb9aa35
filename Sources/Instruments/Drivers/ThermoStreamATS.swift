import InstrumentProtocols

/// Temptronic ThermoStream ATS (and ECO) thermal stream over LF-terminated ASCII lines, serial or TCP
/// (protocols.md §4; pymeasure `temptronic_base.py`, after the ATS Interface Manual rev E).
///
/// Commands have no reply; queries (`…?`) answer one line. The ATS is not a chamber, so its own semantics map
/// onto ``ThermalChamber`` as follows:
///
/// - **Identity and remote control.** `*IDN?` must name Temptronic or inTEST and an ATS or ECO model. Connecting
///   then sends `%RM` (remote), `RSTO` (back to the Operator screen, whose `WHAT?` must answer 5) and the air
///   limits `ULIM`/`LLIM` from the station's limits, clamped to what the ATS accepts (25…225 and −99…25 °C), so
///   the ATS itself backs up the driver's checks.
/// - **Air vs DUT mode.** Connecting reads `TMPD?`: a valid DUT temperature (≤ 400 °C) selects DUT mode
///   (`DUTM 1`, the ATS regulates the DUT thermocouple to the set point); an invalid one (no DUT sensor) selects
///   air mode (`DUTM 0`). In DUT mode an invalid DUT reading later is a device error; in air mode
///   ``ChamberReading/dutCelsius`` is nil.
/// - **Setpoint selection.** The Operator screen has three set points: 0 hot, 1 ambient, 2 cold. A setpoint
///   selects one the way pymeasure does (≤ 20 °C cold, below 30 °C ambient, else hot) with `SETN n`, re-sends
///   the ramp rate for that set point (`RAMP` is per set point), then `SETP t`, and reads `SETP?` back: a
///   mismatch is a device error, since set commands are not acknowledged.
/// - **Window and soak.** The ATS's own window (`WNDW`) and soak (`SOAK`) only drive its "at temperature" flag
///   (`TECR?` bit 0); the sequencer decides soaks from the temperatures it reads, so the driver leaves them as set
///   on the instrument.
/// - **Start and stop.** Start lowers the head (`HEAD 1`), turns the compressor on (`COOL 1`) and the main air
///   flow on (`FLOW 1`); stop turns the flow off (`FLOW 0`) and leaves the head down: lifting it over a hot or
///   cold DUT is left to the operator.
/// - **Purge.** The stream is dry air: purge on turns the main flow on; purge off leaves the flow as temperature
///   control needs it.
/// - **Alarms.** `EROR?` bits (overheat, low flow, low air pressure, sensor open, …), by name.
/// - **Safe state.** The safe setpoint, then flow on.
public actor ThermoStreamATS: ThermalChamber {
    public nonisolated let role: String
    public nonisolated let driverName = "thermostream-ats"
    public nonisolated let limits: ChamberLimits
    public nonisolated var supportsRampRate: Bool { true }
    private let session: LineSession
    private var dutMode = false
    private var rampRate: Double?
    private var setpoint: Double?
    private var running: Bool?

    /// Set point temperatures up to this (°C) use the cold set point (`SETN 2`).
    public static let coldBelowOrAt = 20.0
    /// Set point temperatures below this (°C) and above ``coldBelowOrAt`` use the ambient set point (`SETN 1`);
    /// from here on the hot one (`SETN 0`).
    public static let hotFrom = 30.0

    /// Creates the driver over an LF-terminated line session.
    public init(role: String, session: LineSession, limits: ChamberLimits) {
        self.role = role
        self.session = session
        self.limits = limits
    }

    /// Whether the ATS regulates the DUT temperature (DUT mode) rather than the air; known after ``connect()``.
    public var controlsDUT: Bool { dutMode }

    /// The Operator-screen set point (0 hot, 1 ambient, 2 cold) a temperature selects.
    public static func setPointNumber(for celsius: Double) -> Int {
        celsius <= coldBelowOrAt ? 2 : celsius < hotFrom ? 1 : 0
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.query("*IDN?") { reply in
            do {
                return try InstrumentIdentity(idnReply: reply)
            } catch {
                throw ReplyParseError(command: "*IDN?", expected: "maker,model,serial,firmware", reply: reply)
            }
        }
        let maker = identity.manufacturer.uppercased()
        let model = identity.model.uppercased()
        guard maker.contains("TEMPTRONIC") || maker.contains("INTEST"), model.contains("ATS") || model.contains("ECO")
        else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Temptronic ThermoStream ATS or ECO")
        }
        try await takeRemoteControl()
        let dut = try await temperature(.readDUTTemperature)
        dutMode = dut != nil
        try await session.write(try texts([.dutMode(dutMode)])[0])
        return identity
    }

    /// Remote control, the Operator screen (checked with `WHAT?`) and the air limits.
    private func takeRemoteControl() async throws {
        let upper = min(max(limits.maximumCelsius, 25), 225)
        let lower = min(max(limits.minimumCelsius, -99), 25)
        let setup = try texts([.remote, .resetOperator, .upperLimit(upper), .lowerLimit(lower)])
        try await session.write(setup[0])
        try await session.write(setup[1])
        let screen = try await query(.readScreen) { reply, command in
            try ThermoStream.parseScreen(reply, command: command)
        }
        guard screen == .manual else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "after RSTO the ATS reports screen \(screen) (WHAT?), not the Operator screen (5)")
        }
        try await session.write(setup[2])
        try await session.write(setup[3])
    }

    /// The ATS has no power-on flag and most of its settings cannot be read: reads back the set point (`SETP?`),
    /// which a reboot returns to the Operator screen's ambient set point. When it differs, takes remote control
    /// again (Operator screen, air limits, DUT mode) and re-sends the ramp rate, the set point and, when the stream
    /// was running, head, compressor and flow. A reboot that leaves the set point where it was goes unnoticed.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        guard let setpoint else { return .intact }
        let found = try await temperature(.readSetPoint)
        if let found {
            audit.compare("set point", found: found, expected: setpoint, tolerance: 0.051, unit: " °C")
        } else {
            audit.mismatch("set point", found: "invalid", expected: SettingsAudit.format(setpoint) + " °C")
        }
        guard audit.lost else { return .intact }
        audit.note("the ATS lost its settings (a reboot?)")
        try await takeRemoteControl()
        try await session.write(try texts([.dutMode(dutMode)])[0])
        var applied = ["remote control", "air limits", dutMode ? "DUT mode" : "air mode"]
        if let rampRate {
            try await setRampRate(rampRate)
            applied.append("ramp \(SettingsAudit.format(rampRate)) K/min")
        }
        try await setSetpoint(setpoint)
        applied.append("set point \(SettingsAudit.format(setpoint)) °C")
        if running == true {
            try await start()
            applied.append("head down, compressor and flow on")
        }
        return audit.outcome(applied: applied)
    }

    public func disconnect() async {
        await session.close()
    }

    public func setSetpoint(_ celsius: Double) async throws {
        try limits.check(setpoint: celsius, role: role)
        var commands: [ThermoStreamCommand] = [.selectSetPoint(Self.setPointNumber(for: celsius))]
        if let rampRate { commands.append(.rampRate(rampRate)) }
        commands.append(.setPoint(celsius))
        for text in try texts(commands) {
            try await session.write(text)
        }
        guard let readBack = try await temperature(.readSetPoint), abs(readBack - celsius) < 0.051 else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "the ATS did not take set point \(celsius) °C: SETP? reads back a different value")
        }
        setpoint = celsius
    }

    public func setRampRate(_ kelvinPerMinute: Double) async throws {
        try limits.check(ramp: kelvinPerMinute, role: role)
        let text = try texts([.rampRate(kelvinPerMinute)])[0]
        try await session.write(text)
        try await acknowledge()
        rampRate = kelvinPerMinute
    }

    public func readTemperatures() async throws -> ChamberReading {
        guard let air = try await temperature(.readAirTemperature) else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "TMPA? reports no valid air temperature (sensor open)")
        }
        let dut = try await temperature(.readDUTTemperature)
        if dutMode, dut == nil {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "TMPD? reports no valid DUT temperature while the ATS regulates the DUT (thermocouple off?)")
        }
        guard let setpoint = try await temperature(.readSetPoint) else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName, message: "SETP? reports no valid set point")
        }
        return ChamberReading(airCelsius: air, dutCelsius: dut, setpointCelsius: setpoint)
    }

    public func start() async throws {
        for text in try texts([.head(down: true), .compressor(true), .airFlow(true)]) {
            try await session.write(text)
        }
        try await acknowledge()
        running = true
    }

    public func stop() async throws {
        try await session.write(try texts([.airFlow(false)])[0])
        try await acknowledge()
        running = false
    }

    public func alarms() async throws -> [String] {
        let faults = try await query(.readErrors) { reply, command in
            try ThermoStream.parseFaults(reply, command: command)
        }
        return Self.faultNames.filter { faults.contains($0.fault) }.map(\.name)
    }

    public func setPurge(_ on: Bool) async throws {
        guard on else { return }
        try await session.write(try texts([.airFlow(true)])[0])
        try await acknowledge()
    }

    public func goToSafeState() async throws {
        try await setSetpoint(limits.safeCelsius)
        try await session.write(try texts([.airFlow(true)])[0])
        try await acknowledge()
    }

    /// The ATS acknowledges no command; a query after a batch of writes confirms it has taken them (and keeps a
    /// virtual clock from moving on before it has).
    private func acknowledge() async throws {
        _ = try await query(.readScreen) { reply, command in
            try ThermoStream.parseScreen(reply, command: command)
        }
    }

    // MARK: - Helpers

    private static let faultNames: [(fault: ThermoStreamFaults, name: String)] = [
        (.overheat, "overheat"), (.airOpenLoop, "air open loop"), (.lowFlow, "low air flow"),
        (.lowAirPressure, "low input air pressure"), (.airSensorOpen, "air sensor open"),
        (.internalError, "internal error"), (.flowSensorHardwareError, "flow sensor hardware error"),
        (.noLineSense, "no line sense"), (.nvramFault, "NVRAM fault"), (.bvramFault, "BVRAM fault"),
        (.noDUTSensorSelected, "no DUT sensor selected"),
    ]

    /// The texts of `commands`, all built (and range-checked) before any is sent.
    private func texts(_ commands: [ThermoStreamCommand]) throws -> [String] {
        var texts: [String] = []
        for command in commands {
            do {
                texts.append(try command.text())
            } catch {
                throw InstrumentError(.unsupported, role: role, driver: driverName, message: error.description)
            }
        }
        return texts
    }

    /// A temperature query; nil when the ATS reports an invalid reading (above 400 °C).
    private func temperature(_ command: ThermoStreamCommand) async throws -> Double? {
        try await query(command) { reply, text -> Double? in
            do {
                return try ThermoStream.parseTemperature(reply, command: text)
            } catch let error as ThermoStreamError {
                if case .invalidReading = error { return nil }
                throw error
            }
        }
    }

    /// Sends a query and parses its reply; a reply of the wrong form is a malformed reply (retried).
    private func query<T: Sendable>(
        _ command: ThermoStreamCommand, parse: @escaping @Sendable (String, String) throws -> T
    ) async throws -> T {
        let text = try texts([command])[0]
        let role = role
        let driver = driverName
        return try await session.query(text) { reply in
            do {
                return try parse(reply, text)
            } catch let error as ThermoStreamError {
                throw InstrumentError(.malformedReply, role: role, driver: driver, message: error.description)
            }
        }
    }
}
