import InstrumentProtocols
import StationConfiguration

/// A Temptronic ThermoStream ATS-545 served as LF-terminated lines on loopback TCP, as its LAN interface
/// (protocols.md §4; pymeasure `temptronic_base.py`). It controls the bench world's chamber: the stream's air
/// is the chamber air, its DUT thermocouple (type K, fitted) the DUT.
///
/// Commands have no reply; queries (`…?`) answer one line; anything unknown or out of range is ignored, as the
/// ATS does (set commands are not acknowledged).
///
/// - Operator screen (`RSTO`, `WHAT?` = 10, as an ATS-545 answers): three set points, 0 hot, 1 ambient, 2 cold, each with its own ramp
///   rate. `SETN n` selects one and the chamber heads for it at its ramp rate; `SETP t` and `RAMP r` change the
///   selected one. A `SETP` outside the `LLIM`…`ULIM` air limits is ignored, so `SETP?` reads back the old
///   value.
/// - `TTIM n` (maximum test time, s) arms a dead man that every `TTIM` restarts: when it runs out the stream stops
///   temperature control by itself (as `FLOW 0`); `TTIM 0` disarms it.
/// - `FLOW 1|0` runs or stops temperature control (the main air flow); `HEAD`, `COOL`, `DUTM`, `DSNS`, `WNDW`,
///   `SOAK`, `%RM`, `%GL`, `%LL` are kept. In DUT mode the set point still applies to the air, and the DUT
///   follows it with its time constant.
/// - `TMPA?`, `TMPD?`, `TEMP?` (the DUT in DUT mode, else the air), `SETP?`, `SETD?` (the ramp's position while
///   ramping), one decimal; a DUT reading with `DSNS 0` is invalid (999.9).
/// - `TECR?`/`TESR?`: bit 0 while the controlled temperature is within the window of the set point, else bit 1
///   (the soak time is not simulated). `EROR?`: bit 0 (overheat) while the chamber's limit alarm is latched,
///   bit 14 in DUT mode without a DUT sensor.
///
/// Power-on (and after a reboot): Operator screen, flow off, head up, set points 85 °C, ambient and −20 °C at
/// the chamber's fastest ramp, air limits −99…225 °C, air mode.
struct SimulatedThermoStreamATS: SimulatedLineInstrument {
    let role = InstrumentRole.chamber
    let terminator = LineTerminator.lf
    private let identity: String
    private var screen = 5
    private var remote = false
    private var setPoints = [SimulatedThermoStreamATS.powerOnHot, 25, SimulatedThermoStreamATS.powerOnCold]
    private var ramps = [Double](repeating: 15, count: 3)
    private var selected = 1
    private var airLimits = -99.0...225.0
    private var dutMode = false
    private var dutSensor = ThermoStreamDUTSensor.typeK
    private var window = 1.0
    private var soakSeconds = 30
    private var headDown = false
    private var compressor = false

    /// The hot and cold set points at power-on, °C.
    static let powerOnHot = 85.0
    /// The cold set point at power-on, °C.
    static let powerOnCold = -20.0
    /// What the ATS answers for a temperature it cannot read (above 400 means invalid).
    static let invalidReading = 999.9

    /// A thermal stream whose serial number derives from `seed`.
    init(seed: UInt64) {
        identity = InstrumentIdentity(
            manufacturer: "TEMPTRONIC", model: "ATS-545",
            serialNumber: "AT" + SimulatedSerial.digits(seed: seed, role: .chamber, count: 5), firmware: "5.2.1"
        ).idnReply
    }

    mutating func powerOn(in world: BenchWorld) {
        let chamber = world.chamber
        screen = 5
        remote = false
        setPoints = [Self.powerOnHot, chamber.setpointCelsius, Self.powerOnCold]
        ramps = [Double](repeating: chamber.rampRateKelvinPerMinute, count: 3)
        selected = 1
        airLimits = -99.0...225.0
        dutMode = false
        dutSensor = .typeK
        window = 1.0
        soakSeconds = 30
        headDown = false
        compressor = false
    }

    mutating func respond(to line: String, in world: inout BenchWorld) -> LineReply? {
        if line.trimmingCharacters(in: .whitespaces).uppercased() == "*IDN?" { return LineReply(identity) }
        guard let command = try? ThermoStreamCommand.parse(line) else { return nil }
        if command.isQuery { return LineReply(answer(command, in: &world)) }
        apply(command, in: &world)
        return nil
    }

    private mutating func apply(_ command: ThermoStreamCommand, in world: inout BenchWorld) {
        switch command {
        case .remote, .lockout: remote = true
        case .local: remote = false
        case .airFlow(let on): world.controlChamber { $0.setRunning(on) }
        case .head(let down): headDown = down
        case .compressor(let on): compressor = on
        case .selectSetPoint(let number):
            guard setPoints.indices.contains(number) else { return }
            selected = number
            steer(&world)
        case .setPoint(let celsius):
            guard airLimits.contains(celsius) else { return }
            setPoints[selected] = celsius
            steer(&world)
        case .rampRate(let rate):
            ramps[selected] = rate
            steer(&world)
        case .window(let kelvin): window = kelvin
        case .soakTime(let seconds): soakSeconds = seconds
        case .upperLimit(let celsius): airLimits = min(airLimits.lowerBound, celsius)...celsius
        case .lowerLimit(let celsius): airLimits = celsius...max(airLimits.upperBound, celsius)
        case .dutMode(let on): dutMode = on
        case .dutSensor(let sensor): dutSensor = sensor
        case .resetOperator: screen = 5
        case .maximumTestTime(let seconds):
            // Every TTIM restarts the timer (re-arming); at its end the stream stops regulating by itself.
            world.chamberDeadline = seconds > 0 ? world.time + Double(seconds) : nil
        default: break
        }
    }

    /// Points the chamber at the selected set point with its ramp rate.
    private func steer(_ world: inout BenchWorld) {
        let celsius = setPoints[selected]
        let rate = ramps[selected]
        world.controlChamber { chamber in
            chamber.setSetpoint(celsius)
            chamber.setRampRate(rate)
        }
    }

    private mutating func answer(_ command: ThermoStreamCommand, in world: inout BenchWorld) -> String {
        switch command {
        case .readAirTemperature:
            return ThermoStream.temperatureReply(world.chamberReadings().air)
        case .readDUTTemperature:
            return ThermoStream.temperatureReply(dutReading(&world))
        case .readTemperature:
            return ThermoStream.temperatureReply(dutMode ? dutReading(&world) : world.chamberReadings().air)
        case .readSetPoint:
            return ThermoStream.temperatureReply(setPoints[selected])
        case .readDynamicSetPoint:
            let chamber = world.chamber
            let ramping = chamber.isControlling && abs(chamber.airCelsius - chamber.airTargetCelsius) > 0.05
            return ThermoStream.temperatureReply(ramping ? chamber.airCelsius : setPoints[selected])
        case .readTemperatureCondition, .readTemperatureEvent:
            let chamber = world.chamber
            let controlled = dutMode ? chamber.dutCelsius : chamber.airCelsius
            let settled = chamber.isControlling && abs(controlled - setPoints[selected]) <= window
            let status: ThermoStreamTemperatureStatus = settled ? .atTemperature : .notAtTemperature
            return String(status.rawValue)
        case .readErrors:
            var faults: ThermoStreamFaults = []
            if world.chamber.alarm != nil { faults.insert(.overheat) }
            if dutMode, dutSensor == .none { faults.insert(.noDUTSensorSelected) }
            return String(faults.rawValue)
        case .readScreen:
            // The simulated unit is an ATS-545, which answers 10 on the Operator screen (pymeasure
            // temptronic_ats545.py; instruments-audit.md), where the base command set says 5.
            return String(screen == 5 ? 10 : screen)
        default:
            return ""
        }
    }

    private func dutReading(_ world: inout BenchWorld) -> Double {
        dutSensor == .none ? Self.invalidReading : world.chamberReadings().dut
    }
}
