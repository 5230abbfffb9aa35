import Foundation
import InstrumentProtocols
import StationConfiguration

/// An Espec P-300 chamber controller with the product-temperature option (PTCON), served as CR LF lines on a
/// pseudo-terminal (protocols.md §4; ChamberConnectLibrary `p300.py`). It controls the bench world's chamber.
///
/// Every line gets one reply: data for a query, `OK: <command>` for an accepted setting, `NA:<message>` for a
/// refusal (`NA:CMD ERR` unknown command, `NA:PARA ERR` bad parameters, `NA:DATA OUT OF RANGE`,
/// `NA:DATA NOT READY` for a program that does not exist, `NA:CHB NOT READY` to run while the controller is
/// off). With a bus address (RS-485, the entry's `bus_address:`) only lines prefixed `<address>,` are answered;
/// without one an address prefix is accepted and ignored.
///
/// | line | reply |
/// |---|---|
/// | `ROM?` | `P300-V2.30` |
/// | `TEMP?` | `air,setpoint,high,low` (the limits start at the chamber's rated range) |
/// | `TEMP, S<sp> [H<high>] [L<low>]` | set point within low…high; limits within the rated range |
/// | `MODE?` | `OFF`, `STANDBY` (stopped) or `CONSTANT` (running) |
/// | `MODE,CONSTANT\|STANDBY\|OFF`, `POWER,ON\|OFF` | run, stop, switch off; `POWER,ON` runs constant |
/// | `MON?` | `air,,mode,alarms` |
/// | `MON PTC?` | `product,air,mode,alarms`: the DUT thermocouple and the air |
/// | `ALARM?` | `0`, or `1,3` while the limit alarm is latched |
/// | `RELAY,ON\|OFF,n` | time-signal relay n (1…12); the entry's `purge_relay:` drives the dry-air purge |
/// | `TIMER WRITE,NO0,h:m,STANDBY`, `TIMER,ON\|OFF,0` | the quick timer: standby after h:m once started (the dead man) |
struct SimulatedEspecP300: SimulatedLineInstrument {
    let role = InstrumentRole.chamber
    let terminator = LineTerminator.crlf
    /// The RS-485 unit address, or nil on RS-232.
    let address: Int?
    /// The relay wired to the dry-air purge valve, if any.
    let purgeRelay: Int?
    private var poweredOff = false
    private var limits: ClosedRange<Double> = 0...0
    private var relays: Set<Int> = []
    /// The quick timer's time, minutes, once written.
    private var quickTimerMinutes: Int?

    /// The ROM version `ROM?` reports.
    static let rom = "P300-V2.30"
    /// The alarm code the simulator reports for the chamber's limit alarm.
    static let limitAlarmCode = 3
    /// The time-signal relays.
    static let relayRange = 1...12

    /// A controller at RS-485 `address` (nil: RS-232) whose relay `purgeRelay` drives the purge.
    init(address: Int?, purgeRelay: Int?) {
        self.address = address
        self.purgeRelay = purgeRelay
    }

    mutating func powerOn(in world: BenchWorld) {
        poweredOff = false
        limits = world.chamber.parameters.ratedRange
        relays = []
        quickTimerMinutes = nil
    }

    mutating func respond(to line: String, in world: inout BenchWorld) -> LineReply? {
        var body = line.trimmingCharacters(in: .whitespaces)
        var prefix: Int?
        if let comma = body.firstIndex(of: ","), let number = Int(body[..<comma]) {
            prefix = number
            body = String(body[body.index(after: comma)...]).trimmingCharacters(in: .whitespaces)
        }
        if let address, prefix != address { return nil }
        return LineReply(answer(body, in: &world))
    }

    private mutating func answer(_ body: String, in world: inout BenchWorld) -> String {
        let upper = body.uppercased()
        switch upper {
        case "ROM?":
            return Self.rom
        case "ALARM?":
            return world.chamber.alarm == nil ? "0" : "1,\(Self.limitAlarmCode)"
        case "MON PTC?":
            let readings = world.chamberReadings()
            return "\(Self.format(readings.dut)),\(Self.format(readings.air)),\(mode(world)),\(alarmCount(world))"
        default:
            break
        }
        if upper.hasPrefix("RELAY,") {
            return relay(upper, original: body, in: &world)
        }
        if upper.hasPrefix("TIMER") {
            return timer(upper, original: body, in: &world)
        }
        let command: EspecP300Command
        do {
            command = try EspecP300Command.parse(upper).command
        } catch {
            let known = ["TEMP", "MODE", "POWER", "MON"].contains { upper.hasPrefix($0) }
            return EspecP300.notAcceptedReply(known ? "PARA ERR" : "CMD ERR")
        }
        switch command {
        case .readTemperature:
            return EspecTemperatureStatus(
                processValue: world.chamberReadings().air, setPoint: world.chamber.setpointCelsius,
                highLimit: limits.upperBound, lowLimit: limits.lowerBound
            ).reply
        case .setTemperature(let setPoint, let high, let low):
            let rated = world.chamber.parameters.ratedRange
            let lowest = low ?? limits.lowerBound
            let highest = high ?? limits.upperBound
            let target = setPoint ?? world.chamber.setpointCelsius
            guard lowest <= highest, rated.contains(lowest), rated.contains(highest), (lowest...highest).contains(target)
            else {
                return EspecP300.notAcceptedReply("DATA OUT OF RANGE")
            }
            limits = lowest...highest
            if let setPoint { world.controlChamber { $0.setSetpoint(setPoint) } }
        case .readMode:
            return mode(world)
        case .setMode(let setting):
            switch setting {
            case .constant:
                guard !poweredOff else { return EspecP300.notAcceptedReply("CHB NOT READY") }
                world.controlChamber { $0.setRunning(true) }
            case .standby:
                poweredOff = false
                world.controlChamber { $0.setRunning(false) }
            case .off:
                poweredOff = true
                world.controlChamber { $0.setRunning(false) }
            case .run:
                return EspecP300.notAcceptedReply("DATA NOT READY")
            }
        case .readMonitor:
            return EspecMonitor(
                temperature: world.chamberReadings().air, humidity: nil, mode: EspecChamberMode(text: mode(world)),
                alarmCount: alarmCount(world)
            ).reply
        case .power(let on):
            poweredOff = !on
            world.controlChamber { $0.setRunning(on) }
        }
        return EspecP300.acceptedReply(for: body)
    }

    /// The quick timer (timer 0, ChamberConnectLibrary `p300.py` `write_timer_quick` / `write_timer`):
    /// `TIMER WRITE,NO0,h:m,STANDBY` sets it to stop the chamber after h:m; `TIMER,ON,0` starts the countdown (again,
    /// from the full time: the dead man's re-arming); `TIMER,OFF,0` stops it. When it runs out the chamber goes to
    /// standby by itself. The start and stop timers (1, 2) and other end modes are not simulated.
    private mutating func timer(_ upper: String, original: String, in world: inout BenchWorld) -> String {
        let fields = upper.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingCharacters(in: .whitespaces)
        }
        switch fields.first {
        case "TIMER WRITE":
            let time = fields.count == 4 ? fields[2].split(separator: ":").compactMap { Int($0) } : []
            guard fields.count == 4, fields[1] == "NO0", time.count == 2, fields[3] == "STANDBY",
                (0...99).contains(time[0]), (0...59).contains(time[1]), time[0] * 60 + time[1] > 0
            else { return EspecP300.notAcceptedReply("PARA ERR") }
            quickTimerMinutes = time[0] * 60 + time[1]
        case "TIMER":
            guard fields.count == 3, fields[1] == "ON" || fields[1] == "OFF", fields[2] == "0" else {
                return EspecP300.notAcceptedReply("PARA ERR")
            }
            if fields[1] == "OFF" {
                world.chamberDeadline = nil
            } else {
                guard let minutes = quickTimerMinutes else { return EspecP300.notAcceptedReply("DATA NOT READY") }
                world.chamberDeadline = world.time + Double(minutes * 60)
            }
        default:
            return EspecP300.notAcceptedReply("CMD ERR")
        }
        return EspecP300.acceptedReply(for: original)
    }

    /// `RELAY,ON|OFF,n`.
    private mutating func relay(_ upper: String, original: String, in world: inout BenchWorld) -> String {
        let fields = upper.split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 3, fields[1] == "ON" || fields[1] == "OFF", let relay = Int(fields[2]) else {
            return EspecP300.notAcceptedReply("PARA ERR")
        }
        guard Self.relayRange.contains(relay) else { return EspecP300.notAcceptedReply("DATA OUT OF RANGE") }
        let on = fields[1] == "ON"
        if on { relays.insert(relay) } else { relays.remove(relay) }
        if relay == purgeRelay { world.chamberPurge = on }
        return EspecP300.acceptedReply(for: original)
    }

    private func mode(_ world: BenchWorld) -> String {
        poweredOff ? "OFF" : world.chamber.isRunning ? "CONSTANT" : "STANDBY"
    }

    private func alarmCount(_ world: BenchWorld) -> Int {
        world.chamber.alarm == nil ? 0 : 1
    }

    /// A temperature with one decimal, as the controller writes it (adding zero turns −0.0 into 0.0).
    private static func format(_ celsius: Double) -> String {
        String(format: "%.1f", (celsius * 10).rounded() / 10 + 0)
    }
}
