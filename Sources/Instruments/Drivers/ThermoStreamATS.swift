import InstrumentProtocols

/// Temptronic ThermoStream ATS (and ECO) thermal stream over LF-terminated ASCII lines, serial or TCP
/// (protocols.md §4; pymeasure `temptronic_base.py`, after the ATS Interface Manual rev E).
///
/// Commands have no reply; queries (`…?`) answer one line. The ATS is not a chamber, so its own semantics map
/// onto ``ThermalChamber`` as follows:
///
/// - **Identity and remote control.** `*IDN?` must name Temptronic or inTEST and an ATS or ECO model. The model
///   (``ThermoStreamModel``: the station file's `model`, else the one `*IDN?` names) sets the lowest air limit
///   (−60 ATS-525, −80 ATS-545, −150 ECO-560) and what `WHAT?` answers on the Operator screen (5; the ATS-545
///   also 10). A station `model` that `*IDN?` contradicts is refused. Connecting then sends `%RM` (remote),
///   `RSTO` (back to the Operator screen, checked with `WHAT?`) and the air limits `ULIM`/`LLIM` from the
///   station's limits, clamped to what the model accepts, so the ATS itself backs up the driver's checks.
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
/// - **Start and stop.** Start turns the compressor on (`COOL 1`) and the main air flow on (`FLOW 1`). It lowers
///   the head (`HEAD 1`) only when the station file allows it (`head_control: true`; default false): moving the
///   head is a crush and hot-surface hazard, and pymeasure's `start()` leaves it alone on purpose. Stop turns the
///   flow off (`FLOW 0`) and never moves the head.
/// - **When the controller dies.** Start arms the ATS's maximum test time (`TTIM n`, 0…9999 s, which "prevents TS
///   from staying at a single temperature forever": pymeasure `temptronic_base.py`) with the station file's
///   `dead_man_seconds` (default 900), and every reading while running sends it again, re-arming it. A controller
///   that dies stops re-arming, and the stream ends the test by itself within that time instead of holding the DUT
///   at its last set point. `dead_man_seconds: 0` sends no `TTIM` (docs/station-file.md). Whether a real ATS
///   restarts its timer on every `TTIM` is not stated by the public sources; the simulator does.
/// - **Purge.** The stream is dry air: purge on turns the main flow on; purge off leaves the flow as temperature
///   control needs it.
/// - **Alarms.** `EROR?` bits by name, as the model defines them (the ECO-560's differ).
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
    /// The model the station file names, if any.
    private let configuredModel: ThermoStreamModel?
    /// Whether the driver may lower the test head (`head_control`).
    public nonisolated let headControl: Bool
    /// The maximum test time armed at start and re-armed at every reading while running, s; 0 for none.
    public nonisolated let deadManSeconds: Int
    /// The model in use: known after ``connect()``.
    public private(set) var model: ThermoStreamModel = .generic

    /// Set point temperatures up to this (°C) use the cold set point (`SETN 2`).
    public static let coldBelowOrAt = 20.0
    /// Set point temperatures below this (°C) and above ``coldBelowOrAt`` use the ambient set point (`SETN 1`);
    /// from here on the hot one (`SETN 0`).
    public static let hotFrom = 30.0

    /// Creates the driver over an LF-terminated line session.
    public init(
        role: String, session: LineSession, limits: ChamberLimits, model: ThermoStreamModel? = nil,
        headControl: Bool = false, deadManSeconds: Int = 0
    ) {
        self.role = role
        self.session = session
        self.limits = limits
        self.configuredModel = model
        self.headControl = headControl
        self.deadManSeconds = deadManSeconds
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
        let modelName = identity.model.uppercased()
        guard maker.contains("TEMPTRONIC") || maker.contains("INTEST"), modelName.contains("ATS") || modelName.contains("ECO")
        else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Temptronic ThermoStream ATS or ECO")
        }
        let identified = ThermoStreamModel.identified(by: identity.model)
        if let configuredModel, let identified, configuredModel != identified {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "the station file says model \(configuredModel.rawValue), but *IDN? names \(identity.model) "
                    + "(\(identified.rawValue)); correct the station file's model")
        }
        self.model = configuredModel ?? identified ?? .generic
        try await takeRemoteControl()
        let dut = try await temperature(.readDUTTemperature)
        dutMode = dut != nil
        try await session.write(try texts([.dutMode(dutMode)])[0])
        return identity
    }

    /// Remote control, the Operator screen (checked with `WHAT?`) and the air limits.
    private func takeRemoteControl() async throws {
        let upper = min(max(limits.maximumCelsius, 25), model.highestAirCelsius)
        let lower = min(max(limits.minimumCelsius, model.lowestAirCelsius), 25)
        let setup = try texts([.remote, .resetOperator, .upperLimit(upper), .lowerLimit(lower)])
        try await session.write(setup[0])
        try await session.write(setup[1])
        let screen = try await query(.readScreen) { reply, command in
            try ThermoStream.parseScreen(reply, command: command)
        }
        let value: Int
        switch screen {
        case .manual: value = 5
        case .program: value = 6
        case .other(let other): value = other
        }
        guard model.manualScreenValues.contains(value) else {
            let expected = model.manualScreenValues.sorted().map(String.init).joined(separator: " or ")
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "after RSTO the \(model.rawValue) reports screen \(value) (WHAT?), not the Operator screen "
                    + "(\(expected)); if this is another model, set model in the station file")
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
            applied.append(headControl ? "head down, compressor and flow on" : "compressor and flow on")
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
        if running == true, let deadMan = try deadManCommand() {
            // Re-arms the dead man; the TMPA? that follows confirms the ATS has taken it.
            try await session.write(deadMan)
        }
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
        let commands: [ThermoStreamCommand] = headControl
            ? [.head(down: true), .compressor(true), .airFlow(true)] : [.compressor(true), .airFlow(true)]
        for text in try [deadManCommand()].compactMap({ $0 }) + texts(commands) {
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
        return model.faultNames.filter { faults.rawValue & (1 << $0.bit) != 0 }.map(\.name)
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

    /// `TTIM <dead_man_seconds>`, or nil when the dead man is off.
    private func deadManCommand() throws -> String? {
        guard deadManSeconds > 0 else { return nil }
        return try texts([.maximumTestTime(seconds: deadManSeconds)])[0]
    }

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
