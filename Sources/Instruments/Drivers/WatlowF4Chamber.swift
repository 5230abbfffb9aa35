import InstrumentProtocols

/// Watlow F4 temperature controller over Modbus RTU (protocols.md §4; register map in docs/instruments.md).
///
/// Identity: register 0 holds the model code 5270 ("F4"); registers 1–2 the serial number. Air is input 1
/// (register 100, decimals in 606). The DUT (product) thermocouple is input 3 (register 108, decimals in 626),
/// read only when the station file says the controller has it (``WatlowF4Wiring/dutInput``: input 3 exists only
/// on cascade controllers, ChamberConnectLibrary `get_cascade_pv`). The static setpoint is register 300; an event
/// output (``WatlowF4Wiring``, by default event 1 at register 2000 with 1 = on) runs or stops the chamber; the
/// limit alarm is digital input 1 (active when register 201 equals register 1061, as ChamberConnectLibrary reads
/// it). The F4 takes no ramp rate in static mode: the sequencer steps the setpoint.
///
/// A running or holding profile (register 200 = 2 or 3) owns the set point: writes to 300 have no effect and the
/// live set point is 4122. The driver reads the profile state at connect (``profileAtConnect``, for `probe`) and
/// before every static-control command, and terminates a running profile first (1217 = 1), as
/// ChamberConnectLibrary's `const_start` does.
///
/// When the controller dies: the F4 keeps running at its last set point with no host; it has no host-loss
/// action, and a safety profile re-armed by the host is not implemented. The chamber's own limit controller is
/// the protection that remains (docs/station-file.md, "Chamber dead man").
public actor WatlowF4Chamber: ThermalChamber {
    /// The F4's model code in register 0.
    public static let modelCode: UInt16 = 5270

    public nonisolated let role: String
    public nonisolated let driverName = "watlow-f4"
    public nonisolated let limits: ChamberLimits
    public nonisolated var supportsRampRate: Bool { false }
    private let client: ModbusRTUClient
    private var airScale = 0.1
    private var dutScale = 0.1
    private var alarmActiveLevel: UInt16?
    private var setpoint: Double?
    private var running: Bool?
    private var purge: Bool?
    /// How this controller is wired into its chamber.
    public nonisolated let wiring: WatlowF4Wiring
    /// The profile state register 200 held at connect: 2 running, 3 holding, anything else no profile.
    public private(set) var profileAtConnect: UInt16?
    /// Profiles the driver terminated to take static control.
    public private(set) var terminatedProfiles = 0

    /// Creates the driver over a Modbus client.
    public init(role: String, client: ModbusRTUClient, limits: ChamberLimits, wiring: WatlowF4Wiring = .standard) {
        self.role = role
        self.client = client
        self.limits = limits
        self.wiring = wiring
    }

    /// Whether a profile state (register 200) means a profile owns the set point.
    public static func isProfileActive(_ state: UInt16) -> Bool {
        state == WatlowF4Registers.profileRunning || state == WatlowF4Registers.profileHolding
    }

    /// The profile state in words for a technician.
    public static func describeProfile(_ state: UInt16) -> String {
        switch state {
        case WatlowF4Registers.profileRunning:
            return "a profile is running on the F4 (register 200 = 2); the driver terminates it before static control"
        case WatlowF4Registers.profileHolding:
            return "a profile is on hold on the F4 (register 200 = 3); the driver terminates it before static control"
        default:
            return "no profile is running on the F4 (static set point)"
        }
    }

    /// Reads the profile state and terminates a running or holding profile (1217 = 1), so that the static set
    /// point (300) and the run event take effect.
    private func takeStaticControl() async throws {
        let state = try await client.readHoldingRegisters(start: WatlowF4Registers.profileState, count: 1)[0]
        guard Self.isProfileActive(state) else { return }
        try await client.writeSingleRegister(WatlowF4Registers.terminateProfile, value: 1)
        terminatedProfiles += 1
    }

    public func connect() async throws -> InstrumentIdentity {
        let head = try await client.readHoldingRegisters(start: 0, count: 6)
        guard head[0] == Self.modelCode else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "register 0 reads \(head[0]), but a Watlow F4 reports \(Self.modelCode); check the driver and the Modbus address")
        }
        let decimals = try await client.readHoldingRegisters(start: 606, count: 1)[0]
        airScale = Self.scale(decimals)
        try await checkSetPointRange()
        if wiring.dutInput {
            dutScale = Self.scale(try await client.readHoldingRegisters(start: 626, count: 1)[0])
        }
        profileAtConnect = try await client.readHoldingRegisters(start: WatlowF4Registers.profileState, count: 1)[0]
        alarmActiveLevel = try await client.readHoldingRegisters(start: 1061, count: 1)[0]
        let units = try await client.readHoldingRegisters(start: 901, count: 1)[0]
        guard units != 0 else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "the controller is set to °F (register 901 = 0); QualStation needs °C")
        }
        return InstrumentIdentity(
            manufacturer: "Watlow", model: "F4", serialNumber: "\(head[1])\(head[2])", firmware: "date code \(head[5])")
    }

    public func disconnect() async {
        await client.close()
    }

    /// Refuses station limits the controller cannot honour: loop 1's set-point range (registers 602 low and 603
    /// high, in the air input's decimals; ChamberConnectLibrary `watlowf4.py` `get_loop_range`) must contain the
    /// station's `limits.chamber` range. The F4 clamps a set point outside its range, so a profile step beyond it
    /// would silently run at the wrong temperature. A controller whose range is empty (low ≥ high) reports none.
    private func checkSetPointRange() async throws {
        guard let registers = WatlowF4Registers.setPointRange(loop: 1) else { return }
        let raw = try await client.readHoldingRegisters(start: registers.low, count: 2)
        let low = Double(Int16(bitPattern: raw[0])) * airScale
        let high = Double(Int16(bitPattern: raw[1])) * airScale
        guard low < high, limits.minimumCelsius < low || limits.maximumCelsius > high else { return }
        throw InstrumentError(
            .unsupported, role: role, driver: driverName,
            message: "the F4's set-point range is \(SettingsAudit.format(low)) to \(SettingsAudit.format(high)) °C "
                + "(registers 602, 603), narrower than the station's limits.chamber "
                + "\(SettingsAudit.format(limits.minimumCelsius)) to \(SettingsAudit.format(limits.maximumCelsius)) °C; "
                + "narrow the station's limits, or widen the controller's range if the chamber is rated for it")
    }

    public func setSetpoint(_ celsius: Double) async throws {
        try limits.check(setpoint: celsius, role: role)
        let raw = try SignedRegister.encode(celsius, decimals: Self.decimals(airScale))
        try await takeStaticControl()
        try await client.writeSingleRegister(300, value: raw)
        setpoint = celsius
    }

    public func setRampRate(_ kelvinPerMinute: Double) async throws {
        try limits.check(ramp: kelvinPerMinute, role: role)
        throw InstrumentError(
            .unsupported, role: role, driver: driverName,
            message: "the F4 has no ramp rate in static-setpoint mode; the sequencer steps the setpoint instead")
    }

    public func readTemperatures() async throws -> ChamberReading {
        let values = try await client.readHoldingRegisters(start: 100, count: wiring.dutInput ? 9 : 1)
        let setpoint = try await client.readHoldingRegisters(start: 300, count: 1)[0]
        return ChamberReading(
            airCelsius: Double(Int16(bitPattern: values[0])) * airScale,
            dutCelsius: wiring.dutInput ? Double(Int16(bitPattern: values[8])) * dutScale : nil,
            setpointCelsius: Double(Int16(bitPattern: setpoint)) * airScale)
    }

    public func start() async throws {
        try await takeStaticControl()
        try await client.writeSingleRegister(wiring.runEventRegister, value: wiring.runEventOnValue)
        running = true
    }

    public func stop() async throws {
        try await client.writeSingleRegister(wiring.runEventRegister, value: wiring.runEventOffValue)
        running = false
    }

    /// Modbus has no power-on flag: reads back the setpoint (register 300), run state (the run event register)
    /// and purge (event 2, register 2010) and re-applies whichever differs from what was last set.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        if let setpoint {
            let raw = try await client.readHoldingRegisters(start: 300, count: 1)[0]
            audit.compare("setpoint", found: Double(Int16(bitPattern: raw)) * airScale, expected: setpoint,
                          tolerance: airScale / 2, unit: " °C")
        }
        if let running {
            let state = try await client.readHoldingRegisters(start: wiring.runEventRegister, count: 1)[0]
            audit.compare("control", found: state == wiring.runEventOnValue, expected: running, yes: "running", no: "stopped")
        }
        if let purge {
            audit.compare("purge", found: try await client.readHoldingRegisters(start: 2010, count: 1)[0] != 0, expected: purge)
        }
        guard audit.lost else { return .intact }
        audit.note("the controller lost its settings (a reboot?)")
        return audit.outcome(applied: try await reapply(setpoint: setpoint, running: running, purge: purge))
    }

    public func alarms() async throws -> [String] {
        let input = try await client.readHoldingRegisters(start: 201, count: 1)[0]
        let reference: UInt16
        if let alarmActiveLevel {
            reference = alarmActiveLevel
        } else {
            reference = try await client.readHoldingRegisters(start: 1061, count: 1)[0]
            alarmActiveLevel = reference
        }
        return input == reference ? ["limit alarm (digital input 1)"] : []
    }

    public func setPurge(_ on: Bool) async throws {
        // Event 2 drives the dry-air purge valve on the station's F4.
        try await client.writeSingleRegister(2010, value: on ? 1 : 0)
        purge = on
    }

    public func goToSafeState() async throws {
        try await setSetpoint(limits.safeCelsius)
        try await start()
    }

    private static func scale(_ decimals: UInt16) -> Double {
        switch decimals {
        case 0: return 1
        case 1: return 0.1
        case 2: return 0.01
        default: return 0.001
        }
    }

    private static func decimals(_ scale: Double) -> Int {
        scale >= 1 ? 0 : scale >= 0.1 ? 1 : scale >= 0.01 ? 2 : 3
    }
}
