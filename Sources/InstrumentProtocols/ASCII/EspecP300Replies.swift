/// The chamber state an Espec controller reports in `MODE?` and `MON?`.
public enum EspecChamberMode: Sendable, Hashable, CustomStringConvertible {
    /// `OFF`.
    case off
    /// `STANDBY`.
    case standby
    /// `CONSTANT`.
    case constant
    /// A program runs; `detail` is the controller's words (`RUN`, `RUN PAUSE`, `RMT RUN END HOLD`, …).
    case run(detail: String)
    /// A state this code does not know, kept as sent.
    case other(String)

    /// Classifies the controller's text (case-insensitive).
    public init(text: some StringProtocol) {
        let word = String(text.trimmingLineWhitespace()).uppercased()
        switch word {
        case "OFF": self = .off
        case "STANDBY": self = .standby
        case "CONSTANT": self = .constant
        default: self = word.contains("RUN") ? .run(detail: word) : .other(word)
        }
    }

    /// The text a controller sends for this state.
    public var description: String {
        switch self {
        case .off: "OFF"
        case .standby: "STANDBY"
        case .constant: "CONSTANT"
        case .run(let detail): detail
        case .other(let text): text
        }
    }
}

/// The reply to `TEMP?`: `PV,SP,high,low` (°C).
public struct EspecTemperatureStatus: Sendable, Hashable {
    /// Measured chamber temperature.
    public var processValue: Double
    /// Set point.
    public var setPoint: Double
    /// High temperature limit.
    public var highLimit: Double
    /// Low temperature limit.
    public var lowLimit: Double

    /// Creates a status.
    public init(processValue: Double, setPoint: Double, highLimit: Double, lowLimit: Double) {
        self.processValue = processValue
        self.setPoint = setPoint
        self.highLimit = highLimit
        self.lowLimit = lowLimit
    }

    /// The reply a simulator sends, one decimal each, e.g. `23.5,25.0,100.0,-40.0`.
    public var reply: String {
        [processValue, setPoint, highLimit, lowLimit].map { EspecP300.format($0) }.joined(separator: ",")
    }
}

/// The reply to `MON?`: `temp,humi,mode,alarms`; humidity is empty on chambers without it.
public struct EspecMonitor: Sendable, Hashable {
    /// Chamber temperature (°C).
    public var temperature: Double
    /// Relative humidity (%), nil when the chamber has no humidity control.
    public var humidity: Double?
    /// The chamber state.
    public var mode: EspecChamberMode
    /// How many alarms are active.
    public var alarmCount: Int

    /// Creates a monitor reading.
    public init(temperature: Double, humidity: Double?, mode: EspecChamberMode, alarmCount: Int) {
        self.temperature = temperature
        self.humidity = humidity
        self.mode = mode
        self.alarmCount = alarmCount
    }

    /// The reply a simulator sends, e.g. `23.5,,STANDBY,0`.
    public var reply: String {
        let humidityText = humidity.map { EspecP300.format($0) } ?? ""
        return "\(EspecP300.format(temperature)),\(humidityText),\(mode),\(alarmCount)"
    }
}

/// Reply parsing for Espec P-300 / SCP-220 controllers, and reply text for simulators.
///
/// Successful settings answer `OK…` (e.g. `OK: TEMP, S25.0`); refusals answer `NA:<message>`.
public enum EspecP300 {
    /// Checks the reply to a setting command: returns the text after `OK` (and an optional `:`), trimmed.
    /// - Throws: `EspecError.notAccepted` for `NA:<message>`, `.malformedReply` for anything else.
    public static func checkAccepted(_ reply: String, command: String) throws(EspecError) -> String {
        let body = try body(of: reply, command: command)
        guard body.uppercased().hasPrefix("OK") else {
            throw .malformedReply(command: command, reply: reply, expected: "OK or NA:<message>")
        }
        var rest = body.dropFirst(2)
        if rest.first == ":" { rest = rest.dropFirst() }
        return String(rest.trimmingLineWhitespace())
    }

    /// Parses the reply to `TEMP?`.
    /// - Throws: `EspecError.notAccepted` for `NA:…`, `.malformedReply` unless four numbers.
    public static func parseTemperature(_ reply: String, command: String = "TEMP?") throws(EspecError)
        -> EspecTemperatureStatus
    {
        let fields = try body(of: reply, command: command).split(separator: ",", omittingEmptySubsequences: false)
        let values = fields.compactMap { ASCIINumber.decimal($0.trimmingLineWhitespace()) }.filter(\.isFinite)
        guard fields.count == 4, values.count == 4 else {
            throw .malformedReply(
                command: command, reply: reply, expected: "PV,SP,high,low (e.g. 23.5,25.0,100.0,-40.0)")
        }
        return EspecTemperatureStatus(
            processValue: values[0], setPoint: values[1], highLimit: values[2], lowLimit: values[3])
    }

    /// Parses the reply to `MODE?`.
    /// - Throws: `EspecError.notAccepted` for `NA:…`, `.malformedReply` when empty.
    public static func parseMode(_ reply: String, command: String = "MODE?") throws(EspecError) -> EspecChamberMode {
        let body = try body(of: reply, command: command)
        guard !body.isEmpty, !body.contains(",") else {
            throw .malformedReply(
                command: command, reply: reply, expected: "a mode word (OFF, STANDBY, CONSTANT, RUN…)")
        }
        return EspecChamberMode(text: body)
    }

    /// Parses the reply to `MON?`.
    /// - Throws: `EspecError.notAccepted` for `NA:…`, `.malformedReply` unless
    ///   `temperature,[humidity],mode,alarms`.
    public static func parseMonitor(_ reply: String, command: String = "MON?") throws(EspecError) -> EspecMonitor {
        let fields = try body(of: reply, command: command).split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingLineWhitespace() }
        let expected = "temp,humi,mode,alarms (e.g. 23.5,,STANDBY,0)"
        guard fields.count == 4, let temperature = ASCIINumber.decimal(fields[0]), temperature.isFinite,
            !fields[2].isEmpty, let alarms = ASCIINumber.integer(fields[3]), alarms >= 0
        else {
            throw .malformedReply(command: command, reply: reply, expected: expected)
        }
        var humidity: Double?
        if !fields[1].isEmpty {
            guard let value = ASCIINumber.decimal(fields[1]), value.isFinite else {
                throw .malformedReply(command: command, reply: reply, expected: expected)
            }
            humidity = value
        }
        return EspecMonitor(
            temperature: temperature, humidity: humidity, mode: EspecChamberMode(text: fields[2]),
            alarmCount: alarms)
    }

    /// The success reply a simulator sends for a setting, `OK: <command>`.
    public static func acceptedReply(for command: String) -> String {
        "OK: " + command
    }

    /// The refusal a simulator sends, e.g. `NA:DATA OUT OF RANGE`.
    public static func notAcceptedReply(_ message: String) -> String {
        "NA:" + message
    }

    /// A value with one decimal, as the controller writes temperatures.
    static func format(_ value: Double) -> String {
        ASCIINumber.fixed(value, fractionDigits: 1) ?? "\(value)"
    }

    /// The trimmed reply, after turning `NA:` into an error.
    private static func body(of reply: String, command: String) throws(EspecError) -> Substring {
        let body = reply.trimmingLineWhitespace()
        if body.uppercased().hasPrefix("NA:") {
            throw .notAccepted(command: command, message: String(body.dropFirst(3).trimmingLineWhitespace()))
        }
        return body
    }
}
