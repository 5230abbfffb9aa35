/// The chamber modes an Espec controller can be set to with `MODE,…`.
public enum EspecModeSetting: Sendable, Hashable {
    /// `MODE,OFF`: controller off.
    case off
    /// `MODE,STANDBY`: operation stopped.
    case standby
    /// `MODE,CONSTANT`: hold constant set point 1.
    case constant
    /// `MODE,RUN<n>`: run program n (1…99).
    case run(program: Int)
}

/// The Espec P-300 / SCP-220 commands the station uses (ChamberConnectLibrary `p300.py`).
///
/// Lines end in CR LF; on RS-485 each command is prefixed by the unit address and a comma (`1,TEMP?`).
public enum EspecP300Command: Sendable, Hashable {
    /// `TEMP?`: reply `PV,SP,high,low`.
    case readTemperature
    /// `TEMP, S25.0 H100.0 L-40.0`: set point and/or high and low limits (at least one), one decimal.
    case setTemperature(setPoint: Double?, high: Double? = nil, low: Double? = nil)
    /// `MODE?`: reply `OFF`, `STANDBY`, `CONSTANT`, `RUN`, …
    case readMode
    /// `MODE,CONSTANT` and the other mode settings.
    case setMode(EspecModeSetting)
    /// `MON?`: reply `temp,humi,mode,alarms`.
    case readMonitor
    /// `POWER,ON` / `POWER,OFF`.
    case power(on: Bool)

    /// RS-485 addresses accepted in the `<addr>,` prefix.
    public static let addressRange = 1...99

    /// The command text without terminator, e.g. `TEMP, S25.0` or `1,MODE,CONSTANT`.
    /// - Throws: `EspecError.invalidCommand` for a value that is not finite or beyond ±99999, a temperature
    ///   command without values, a program outside 1…99 or an address outside 1…99.
    public func text(address: Int? = nil) throws(EspecError) -> String {
        var body: String
        switch self {
        case .readTemperature:
            body = "TEMP?"
        case .setTemperature(let setPoint, let high, let low):
            var parts: [String] = []
            for (letter, value) in [("S", setPoint), ("H", high), ("L", low)] {
                guard let value else { continue }
                guard abs(value) < 100_000, let written = ASCIINumber.fixed(value, fractionDigits: 1) else {
                    throw .invalidCommand(command: "TEMP", reason: "\(letter) value \(value) cannot be sent")
                }
                parts.append(letter + written)
            }
            guard !parts.isEmpty else {
                throw .invalidCommand(command: "TEMP", reason: "give a set point, a high or a low limit")
            }
            body = "TEMP, " + parts.joined(separator: " ")
        case .readMode:
            body = "MODE?"
        case .setMode(let mode):
            switch mode {
            case .off: body = "MODE,OFF"
            case .standby: body = "MODE,STANDBY"
            case .constant: body = "MODE,CONSTANT"
            case .run(let program):
                guard (1...99).contains(program) else {
                    throw .invalidCommand(command: "MODE,RUN", reason: "program \(program) is outside 1…99")
                }
                body = "MODE,RUN\(program)"
            }
        case .readMonitor:
            body = "MON?"
        case .power(let on):
            body = on ? "POWER,ON" : "POWER,OFF"
        }
        guard let address else { return body }
        guard Self.addressRange.contains(address) else {
            throw .invalidCommand(command: body, reason: "RS-485 address \(address) is outside 1…99")
        }
        return "\(address),\(body)"
    }

    /// The command as bytes with its CR LF terminator.
    /// - Throws: `EspecError.invalidCommand` as `text(address:)`.
    public func line(address: Int? = nil) throws(EspecError) -> [UInt8] {
        Array(try text(address: address).utf8) + LineTerminator.crlf.bytes
    }

    /// Server side: parses a received line (terminator optional, case-insensitive) into the RS-485 address
    /// (nil when absent) and the command.
    /// - Throws: `EspecError.unrecognizedCommand` for anything else; a simulator answers `NA:CMD ERR`
    ///   (or `NA:PARA ERR` when `reason` concerns the parameters).
    public static func parse(_ line: String) throws(EspecError) -> (address: Int?, command: EspecP300Command) {
        var body = line.trimmingLineWhitespace().uppercased()[...]
        var address: Int?
        if let comma = body.firstIndex(of: ","), let number = ASCIINumber.integer(body[..<comma]),
            body.first?.isNumber == true
        {
            guard addressRange.contains(number) else {
                throw .unrecognizedCommand(line: line, reason: "address \(number) is outside 1…99")
            }
            address = number
            body = body[body.index(after: comma)...]
        }
        let command = try parseBody(body, line: line)
        return (address, command)
    }

    private static func parseBody(_ body: Substring, line: String) throws(EspecError) -> EspecP300Command {
        switch body {
        case "TEMP?": return .readTemperature
        case "MODE?": return .readMode
        case "MON?": return .readMonitor
        case "POWER,ON": return .power(on: true)
        case "POWER,OFF": return .power(on: false)
        case "MODE,OFF": return .setMode(.off)
        case "MODE,STANDBY": return .setMode(.standby)
        case "MODE,CONSTANT": return .setMode(.constant)
        default: break
        }
        if body.hasPrefix("MODE,RUN") {
            guard let program = ASCIINumber.integer(body.dropFirst("MODE,RUN".count)), (1...99).contains(program) else {
                throw .unrecognizedCommand(line: line, reason: "MODE,RUN needs a program number 1…99")
            }
            return .setMode(.run(program: program))
        }
        if body.hasPrefix("TEMP,") {
            var values: [Character: Double] = [:]
            for token in body.dropFirst("TEMP,".count).split(separator: " ") {
                guard let letter = token.first, "SHL".contains(letter), values[letter] == nil,
                    let value = ASCIINumber.decimal(token.dropFirst()), value.isFinite
                else {
                    throw .unrecognizedCommand(line: line, reason: "TEMP parameters are S<value> H<value> L<value>")
                }
                values[letter] = value
            }
            guard !values.isEmpty else {
                throw .unrecognizedCommand(line: line, reason: "TEMP, needs S, H or L values")
            }
            return .setTemperature(setPoint: values["S"], high: values["H"], low: values["L"])
        }
        throw .unrecognizedCommand(line: line, reason: "not one of TEMP?, TEMP, MODE?, MODE, MON?, POWER")
    }
}
