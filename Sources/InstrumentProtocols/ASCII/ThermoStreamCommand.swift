/// The DUT sensor type of a ThermoStream (`DSNS`).
public enum ThermoStreamDUTSensor: Int, Sendable, Hashable, CaseIterable {
    /// 0: no DUT sensor.
    case none = 0
    /// 1: type T thermocouple.
    case typeT = 1
    /// 2: type K thermocouple.
    case typeK = 2
}

/// Temptronic ThermoStream ATS commands (pymeasure `temptronic_base.py`, after the ATS Interface Manual
/// rev E). Values are range-checked when the text is built.
public enum ThermoStreamCommand: Sendable, Hashable {
    /// `%RM`: remote mode.
    case remote
    /// `%GL`: back to local.
    case local
    /// `%LL`: local lockout.
    case lockout
    /// `FLOW 1|0`: main air flow on or off.
    case airFlow(Bool)
    /// `HEAD 1|0`: head down (1) or up (0).
    case head(down: Bool)
    /// `SETN n`: select set point n (Operator screen 0 hot, 1 ambient, 2 cold; Cycle screen 0…17).
    case selectSetPoint(Int)
    /// `SETP t`: temperature of the selected set point, -99.9…225.0 °C.
    case setPoint(Double)
    /// `WNDW w`: at-temperature window, 0.1…9.9 °C.
    case window(Double)
    /// `SOAK s`: soak time, 0…9999 s.
    case soakTime(seconds: Int)
    /// `RAMP r`: ramp rate in K/min, 0…99.9 in 0.1 steps or 100…9999 in whole steps.
    case rampRate(Double)
    /// `ULIM t`: upper air temperature limit, 25…225 °C.
    case upperLimit(Double)
    /// `LLIM t`: lower air temperature limit, -99…25 °C.
    case lowerLimit(Double)
    /// `DUTM 1|0`: DUT control mode (1) or air mode (0).
    case dutMode(Bool)
    /// `DSNS n`: DUT sensor type.
    case dutSensor(ThermoStreamDUTSensor)
    /// `RSTO`: reset to the Operator screen.
    case resetOperator
    /// `COOL 1|0`: compressor on or off.
    case compressor(Bool)
    /// `TEMP?`: the controlling temperature (air or DUT); above 400 means invalid.
    case readTemperature
    /// `TMPA?`: air temperature.
    case readAirTemperature
    /// `TMPD?`: DUT temperature.
    case readDUTTemperature
    /// `SETD?`: the dynamic (ramping) set point.
    case readDynamicSetPoint
    /// `SETP?`: the selected set point.
    case readSetPoint
    /// `TECR?`: temperature condition register (`ThermoStreamTemperatureStatus`).
    case readTemperatureCondition
    /// `TESR?`: temperature event register; reading clears it.
    case readTemperatureEvent
    /// `EROR?`: error register (`ThermoStreamFaults`).
    case readErrors
    /// `WHAT?`: 5 Operator screen (manual), 6 Cycle screen (program).
    case readScreen
    /// `TTIM n`: the maximum test time, 0…9999 s, which "prevents TS from staying at a single temperature
    /// forever" (pymeasure `temptronic_base.py`, `maximum_test_time`).
    case maximumTestTime(seconds: Int)

    /// The command text without terminator, e.g. `SETP 25`, `TEMP?`.
    /// - Throws: `ThermoStreamError.invalidArgument` for a value outside the range the ATS accepts.
    public func text() throws(ThermoStreamError) -> String {
        switch self {
        case .remote: return "%RM"
        case .local: return "%GL"
        case .lockout: return "%LL"
        case .airFlow(let on): return "FLOW \(on ? 1 : 0)"
        case .head(let down): return "HEAD \(down ? 1 : 0)"
        case .selectSetPoint(let number):
            guard (0...17).contains(number) else {
                throw .invalidArgument(command: "SETN", reason: "set point \(number) is outside 0…17")
            }
            return "SETN \(number)"
        case .setPoint(let value): return try Self.value("SETP", value, -150...225.0)
        case .window(let value): return try Self.value("WNDW", value, 0.1...9.9)
        case .soakTime(let seconds):
            guard (0...9999).contains(seconds) else {
                throw .invalidArgument(command: "SOAK", reason: "\(seconds) s is outside 0…9999 s")
            }
            return "SOAK \(seconds)"
        case .maximumTestTime(let seconds):
            guard (0...9999).contains(seconds) else {
                throw .invalidArgument(command: "TTIM", reason: "\(seconds) s is outside 0…9999 s")
            }
            return "TTIM \(seconds)"
        case .rampRate(let rate):
            guard rate.isFinite, rate >= 0, rate <= 9999 else {
                throw .invalidArgument(command: "RAMP", reason: "\(rate) K/min is outside 0…9999 K/min")
            }
            let tenths = FloatRounding.halfAwayFromZero(rate * 10) / 10
            return tenths < 100
                ? try Self.value("RAMP", rate, 0...99.9) : "RAMP \(Int(FloatRounding.halfAwayFromZero(rate)))"
        case .upperLimit(let value): return try Self.value("ULIM", value, 25...225)
        case .lowerLimit(let value): return try Self.value("LLIM", value, -150...25)
        case .dutMode(let on): return "DUTM \(on ? 1 : 0)"
        case .dutSensor(let sensor): return "DSNS \(sensor.rawValue)"
        case .resetOperator: return "RSTO"
        case .compressor(let on): return "COOL \(on ? 1 : 0)"
        case .readTemperature: return "TEMP?"
        case .readAirTemperature: return "TMPA?"
        case .readDUTTemperature: return "TMPD?"
        case .readDynamicSetPoint: return "SETD?"
        case .readSetPoint: return "SETP?"
        case .readTemperatureCondition: return "TECR?"
        case .readTemperatureEvent: return "TESR?"
        case .readErrors: return "EROR?"
        case .readScreen: return "WHAT?"
        }
    }

    /// The command as bytes followed by `terminator` (LF by default; the ECO-560 over TCP uses LF).
    /// - Throws: `ThermoStreamError.invalidArgument` as `text()`.
    public func line(terminator: LineTerminator = .lf) throws(ThermoStreamError) -> [UInt8] {
        Array(try text().utf8) + terminator.bytes
    }

    /// True for commands that expect a reply (queries).
    public var isQuery: Bool {
        switch self {
        case .readTemperature, .readAirTemperature, .readDUTTemperature, .readDynamicSetPoint, .readSetPoint,
            .readTemperatureCondition, .readTemperatureEvent, .readErrors, .readScreen:
            true
        default:
            false
        }
    }

    /// `name value` with the value rounded to 0.1 and written without a trailing `.0` (as pymeasure's `%g`).
    private static func value(_ name: String, _ value: Double, _ range: ClosedRange<Double>) throws(ThermoStreamError)
        -> String
    {
        let rounded = FloatRounding.halfAwayFromZero(value * 10) / 10
        guard value.isFinite, range.contains(rounded) else {
            let bounds = ThermoStream.format(range.lowerBound) + "…" + ThermoStream.format(range.upperBound)
            throw .invalidArgument(command: name, reason: "\(value) is outside \(bounds)")
        }
        return name + " " + ThermoStream.format(rounded)
    }

    /// Server side: parses a received line (terminator optional, case-insensitive).
    /// - Throws: `ThermoStreamError.unrecognizedCommand` for unknown commands, missing or extra parameters
    ///   and values outside the ranges the builders enforce.
    public static func parse(_ line: String) throws(ThermoStreamError) -> ThermoStreamCommand {
        let body = line.trimmingLineWhitespace().uppercased()
        let parts = body.split(separator: " ", omittingEmptySubsequences: true)
        guard let name = parts.first else { throw .unrecognizedCommand(line: line, reason: "the line is empty") }
        let argument = parts.count == 2 ? parts[1] : nil
        func fail(_ reason: String) -> ThermoStreamError { .unrecognizedCommand(line: line, reason: reason) }
        guard parts.count <= 2 else { throw fail("\(name) takes at most one parameter") }

        let queries: [Substring: ThermoStreamCommand] = [
            "TEMP?": .readTemperature, "TMPA?": .readAirTemperature, "TMPD?": .readDUTTemperature,
            "SETD?": .readDynamicSetPoint, "SETP?": .readSetPoint, "TECR?": .readTemperatureCondition,
            "TESR?": .readTemperatureEvent, "EROR?": .readErrors, "WHAT?": .readScreen,
            "%RM": .remote, "%GL": .local, "%LL": .lockout, "RSTO": .resetOperator,
        ]
        if let command = queries[name] {
            guard argument == nil else { throw fail("\(name) takes no parameter") }
            return command
        }
        guard let argument else { throw fail("\(name) needs a parameter") }
        func flag() throws(ThermoStreamError) -> Bool {
            switch argument {
            case "1": return true
            case "0": return false
            default: throw fail("\(name) takes 1 or 0")
            }
        }
        func integer() throws(ThermoStreamError) -> Int {
            guard let value = ASCIINumber.integer(argument) else { throw fail("\(name) takes an integer") }
            return value
        }
        func number() throws(ThermoStreamError) -> Double {
            guard let value = ASCIINumber.decimal(argument), value.isFinite else {
                throw fail("\(name) takes a number")
            }
            return value
        }
        let command: ThermoStreamCommand
        switch name {
        case "FLOW": command = .airFlow(try flag())
        case "HEAD": command = .head(down: try flag())
        case "DUTM": command = .dutMode(try flag())
        case "COOL": command = .compressor(try flag())
        case "SETN": command = .selectSetPoint(try integer())
        case "SOAK": command = .soakTime(seconds: try integer())
        case "TTIM": command = .maximumTestTime(seconds: try integer())
        case "DSNS":
            guard let sensor = ThermoStreamDUTSensor(rawValue: try integer()) else {
                throw fail("DSNS takes 0, 1 or 2")
            }
            command = .dutSensor(sensor)
        case "SETP": command = .setPoint(try number())
        case "WNDW": command = .window(try number())
        case "RAMP": command = .rampRate(try number())
        case "ULIM": command = .upperLimit(try number())
        case "LLIM": command = .lowerLimit(try number())
        default: throw fail("unknown command \(name)")
        }
        do {
            _ = try command.text()
        } catch {
            throw fail(error.description)
        }
        return command
    }
}
