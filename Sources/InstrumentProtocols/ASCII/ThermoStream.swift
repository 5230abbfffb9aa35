/// The ThermoStream temperature condition register (`TECR?`; `TESR?` has the same bits).
public struct ThermoStreamTemperatureStatus: OptionSet, Sendable, Hashable {
    /// The register value.
    public var rawValue: UInt16

    /// Wraps a register value.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Bit 0: at temperature (the soak time has elapsed within the window).
    public static let atTemperature = ThermoStreamTemperatureStatus(rawValue: 1 << 0)
    /// Bit 1: not at temperature.
    public static let notAtTemperature = ThermoStreamTemperatureStatus(rawValue: 1 << 1)
    /// Bit 2: end of test (test time elapsed).
    public static let endOfTest = ThermoStreamTemperatureStatus(rawValue: 1 << 2)
    /// Bit 3: end of one cycle.
    public static let endOfOneCycle = ThermoStreamTemperatureStatus(rawValue: 1 << 3)
    /// Bit 4: end of all cycles.
    public static let endOfAllCycles = ThermoStreamTemperatureStatus(rawValue: 1 << 4)
    /// Bit 5: cycling stopped ("stop on fail" received).
    public static let cyclingStopped = ThermoStreamTemperatureStatus(rawValue: 1 << 5)
}

/// The ThermoStream error register (`EROR?`), bits as pymeasure `ErrorCode`.
public struct ThermoStreamFaults: OptionSet, Sendable, Hashable {
    /// The register value.
    public var rawValue: UInt16

    /// Wraps a register value.
    public init(rawValue: UInt16) {
        self.rawValue = rawValue
    }

    /// Bit 0: overheat.
    public static let overheat = ThermoStreamFaults(rawValue: 1 << 0)
    /// Bit 1: air open loop.
    public static let airOpenLoop = ThermoStreamFaults(rawValue: 1 << 1)
    /// Bit 3: low flow.
    public static let lowFlow = ThermoStreamFaults(rawValue: 1 << 3)
    /// Bit 4: low input air pressure.
    public static let lowAirPressure = ThermoStreamFaults(rawValue: 1 << 4)
    /// Bit 5: air sensor open.
    public static let airSensorOpen = ThermoStreamFaults(rawValue: 1 << 5)
    /// Bit 7: internal error.
    public static let internalError = ThermoStreamFaults(rawValue: 1 << 7)
    /// Bit 9: flow sensor hardware error.
    public static let flowSensorHardwareError = ThermoStreamFaults(rawValue: 1 << 9)
    /// Bit 10: no line sense.
    public static let noLineSense = ThermoStreamFaults(rawValue: 1 << 10)
    /// Bit 11: NVRAM fault.
    public static let nvramFault = ThermoStreamFaults(rawValue: 1 << 11)
    /// Bit 12: BVRAM fault.
    public static let bvramFault = ThermoStreamFaults(rawValue: 1 << 12)
    /// Bit 14: no DUT sensor selected.
    public static let noDUTSensorSelected = ThermoStreamFaults(rawValue: 1 << 14)
}

/// Which ThermoStream screen is active (`WHAT?`).
public enum ThermoStreamScreen: Sendable, Hashable {
    /// 5: Operator screen (manual mode).
    case manual
    /// 6: Cycle screen (program mode).
    case program
    /// Another value, kept as sent.
    case other(Int)
}

/// A problem talking to a ThermoStream.
public enum ThermoStreamError: Error, CustomStringConvertible, Sendable, Hashable {
    /// A command value outside the range the ATS accepts.
    case invalidArgument(command: String, reason: String)
    /// A reply that does not have the expected form.
    case malformedReply(command: String, reply: String, expected: String)
    /// A temperature reading above 400 °C, which the ATS uses to say "no valid reading" (sensor open).
    case invalidReading(command: String, reply: String)
    /// Server side: a received line that is not a command the simulator knows.
    case unrecognizedCommand(line: String, reason: String)

    /// A sentence naming the command and the problem.
    public var description: String {
        switch self {
        case .invalidArgument(let command, let reason):
            return "cannot send ThermoStream \(command): \(reason)"
        case .malformedReply(let command, let reply, let expected):
            return "ThermoStream reply to \(ByteRendering.quoted(command)) is not \(expected): "
                + ByteRendering.describe(text: reply)
        case .invalidReading(let command, let reply):
            return "ThermoStream reading for \(ByteRendering.quoted(command)) is above 400 °C, meaning no valid "
                + "reading (sensor open or not selected): \(ByteRendering.describe(text: reply))"
        case .unrecognizedCommand(let line, let reason):
            return "unrecognized ThermoStream command \(ByteRendering.describe(text: line)): \(reason)"
        }
    }
}

/// Reply parsing for the ThermoStream ATS, and reply text for simulators.
public enum ThermoStream {
    /// Readings above this (°C) mean "invalid".
    public static let invalidReadingThreshold = 400.0

    /// Parses a temperature reply (`TEMP?`, `TMPA?`, `TMPD?`, `SETD?`, `SETP?`).
    /// - Throws: `ThermoStreamError.invalidReading` above 400, `.malformedReply` when not a number.
    public static func parseTemperature(_ reply: String, command: String = "TEMP?") throws(ThermoStreamError) -> Double
    {
        guard let value = ASCIINumber.decimal(reply.trimmingLineWhitespace()), value.isFinite else {
            throw .malformedReply(command: command, reply: reply, expected: "a temperature in °C (e.g. 25.0)")
        }
        guard value <= invalidReadingThreshold else { throw .invalidReading(command: command, reply: reply) }
        return value
    }

    /// Parses the reply to `TECR?` or `TESR?`.
    /// - Throws: `ThermoStreamError.malformedReply` unless an integer 0…65535.
    public static func parseTemperatureStatus(_ reply: String, command: String = "TECR?") throws(ThermoStreamError)
        -> ThermoStreamTemperatureStatus
    {
        ThermoStreamTemperatureStatus(rawValue: try register(reply, command: command))
    }

    /// Parses the reply to `EROR?`.
    /// - Throws: `ThermoStreamError.malformedReply` unless an integer 0…65535.
    public static func parseFaults(_ reply: String, command: String = "EROR?") throws(ThermoStreamError)
        -> ThermoStreamFaults
    {
        ThermoStreamFaults(rawValue: try register(reply, command: command))
    }

    /// Parses the reply to `WHAT?`.
    /// - Throws: `ThermoStreamError.malformedReply` unless an integer.
    public static func parseScreen(_ reply: String, command: String = "WHAT?") throws(ThermoStreamError)
        -> ThermoStreamScreen
    {
        switch try register(reply, command: command) {
        case 5: .manual
        case 6: .program
        case let other: .other(Int(other))
        }
    }

    /// The reply a simulator sends for a temperature: one decimal, e.g. `25.0`.
    public static func temperatureReply(_ value: Double) -> String {
        ASCIINumber.fixed(value, fractionDigits: 1) ?? "999.9"
    }

    /// A value rounded to 0.1 and written without a trailing `.0`: `25`, `-40.5`.
    static func format(_ value: Double) -> String {
        let text = ASCIINumber.fixed(value, fractionDigits: 1) ?? "\(value)"
        return text.hasSuffix(".0") ? String(text.dropLast(2)) : text
    }

    private static func register(_ reply: String, command: String) throws(ThermoStreamError) -> UInt16 {
        let body = reply.trimmingLineWhitespace()
        if let value = ASCIINumber.integer(body), let register = UInt16(exactly: value) { return register }
        if let value = ASCIINumber.decimal(body), let integer = FloatRounding.exactInt(value),
            let register = UInt16(exactly: integer)
        {
            return register
        }
        throw .malformedReply(command: command, reply: reply, expected: "a register value 0…65535")
    }
}
