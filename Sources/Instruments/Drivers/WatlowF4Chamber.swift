import InstrumentProtocols

/// Watlow F4 temperature controller over Modbus RTU (protocols.md §4; register map in docs/instruments.md).
///
/// Identity: register 0 holds the model code 5270 ("F4"); registers 1–2 the serial number. Air is input 1
/// (register 100), the DUT (product) thermocouple input 3 (register 108, cascade); both signed with the decimals
/// of registers 606 and 626. The static setpoint is register 300; event 1 (register 2000) runs or stops the
/// chamber; the limit alarm is digital input 1 (active when register 201 equals register 1061, as
/// ChamberConnectLibrary reads it). The F4 takes no ramp rate in static mode: the sequencer steps the setpoint.
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

    /// Creates the driver over a Modbus client.
    public init(role: String, client: ModbusRTUClient, limits: ChamberLimits) {
        self.role = role
        self.client = client
        self.limits = limits
    }

    public func connect() async throws -> InstrumentIdentity {
        let head = try await client.readHoldingRegisters(start: 0, count: 6)
        guard head[0] == Self.modelCode else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "register 0 reads \(head[0]), but a Watlow F4 reports \(Self.modelCode); check the driver and the Modbus address")
        }
        let decimals = try await client.readHoldingRegisters(start: 606, count: 1)[0]
        let dutDecimals = try await client.readHoldingRegisters(start: 626, count: 1)[0]
        airScale = Self.scale(decimals)
        dutScale = Self.scale(dutDecimals)
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

    public func setSetpoint(_ celsius: Double) async throws {
        try limits.check(setpoint: celsius, role: role)
        let raw = try SignedRegister.encode(celsius, decimals: Self.decimals(airScale))
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
        let values = try await client.readHoldingRegisters(start: 100, count: 9)
        let setpoint = try await client.readHoldingRegisters(start: 300, count: 1)[0]
        return ChamberReading(
            airCelsius: Double(Int16(bitPattern: values[0])) * airScale,
            dutCelsius: Double(Int16(bitPattern: values[8])) * dutScale,
            setpointCelsius: Double(Int16(bitPattern: setpoint)) * airScale)
    }

    public func start() async throws {
        try await client.writeSingleRegister(WatlowF4Registers.runStop, value: WatlowF4Registers.run)
        running = true
    }

    public func stop() async throws {
        try await client.writeSingleRegister(WatlowF4Registers.runStop, value: WatlowF4Registers.stop)
        running = false
    }

    /// Modbus has no power-on flag: reads back the setpoint (register 300), run state (event 1, register 2000)
    /// and purge (event 2, register 2010) and re-applies whichever differs from what was last set.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        if let setpoint {
            let raw = try await client.readHoldingRegisters(start: 300, count: 1)[0]
            audit.compare("setpoint", found: Double(Int16(bitPattern: raw)) * airScale, expected: setpoint,
                          tolerance: airScale / 2, unit: " °C")
        }
        if let running {
            let state = try await client.readHoldingRegisters(start: WatlowF4Registers.runStop, count: 1)[0]
            audit.compare("control", found: state == WatlowF4Registers.run, expected: running, yes: "running", no: "stopped")
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
