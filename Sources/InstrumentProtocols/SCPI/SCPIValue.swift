/// Reading typed values out of SCPI query replies.
///
/// Every function takes the reply text and the command it answers; on failure the `SCPIReplyError` names the
/// command and shows the reply. Leading and trailing whitespace and line terminators are ignored.
public enum SCPIValue {
    static let numberForm = "a number (NR1/NR2/NR3, e.g. 1.25E-3)"
    static let integerForm = "an integer"
    static let booleanForm = "a boolean (1, 0, ON or OFF)"
    static let quotedForm = "a quoted string (e.g. \"CURR:DC\")"
    static let listForm = "a comma-separated list"

    /// Reads a number, keeping overflow (`9.9E37`, `INF`) and not-a-number (`9.91E37`, `NAN`) apart.
    /// - Throws: `SCPIReplyError` when the reply is not a decimal number or one of those words.
    public static func number(_ reply: String, command: String) throws(SCPIReplyError) -> SCPINumber {
        try number(field: reply.trimmingLineWhitespace(), reply: reply, command: command)
    }

    /// Reads a number as a `Double`; not-a-number is returned as `.nan`.
    /// - Throws: `SCPIReplyError` with problem `.overflow` for `9.9E37`/`INF`, `.malformed` for anything else
    ///   that is not a number.
    public static func double(_ reply: String, command: String) throws(SCPIReplyError) -> Double {
        try double(field: reply.trimmingLineWhitespace(), reply: reply, command: command)
    }

    /// Reads an integer (`+5`, `-3`), also accepting a decimal that is exactly integral (`1.0E+00`).
    /// - Throws: `SCPIReplyError` when the reply is not an integer or does not fit in `Int`.
    public static func integer(_ reply: String, command: String) throws(SCPIReplyError) -> Int {
        try integer(field: reply.trimmingLineWhitespace(), reply: reply, command: command)
    }

    /// Reads a boolean: `1`/`ON` for true, `0`/`OFF` for false (case-insensitive, `+1`/`+0` accepted).
    /// - Throws: `SCPIReplyError` for anything else.
    public static func boolean(_ reply: String, command: String) throws(SCPIReplyError) -> Bool {
        switch reply.trimmingLineWhitespace().uppercased() {
        case "1", "+1", "ON": return true
        case "0", "+0", "-0", "OFF": return false
        default: throw SCPIReplyError(command: command, reply: reply, expected: booleanForm)
        }
    }

    /// Reads a quoted string (`"…"` or `'…'`, the quote doubled inside) and returns its content.
    /// - Throws: `SCPIReplyError` when the reply is not exactly one quoted string.
    public static func quotedString(_ reply: String, command: String) throws(SCPIReplyError) -> String {
        let body = reply.trimmingLineWhitespace()
        guard let (text, end) = SCPIQuoting.unquote(body), body[end...].isEmpty else {
            throw SCPIReplyError(command: command, reply: reply, expected: quotedForm)
        }
        return text
    }

    /// Reads string data that may or may not be quoted: a quoted reply is unquoted, anything else is
    /// returned trimmed (Thorlabs answers `no sensor` bare).
    /// - Throws: `SCPIReplyError` when the reply opens a quote it does not close.
    public static func string(_ reply: String, command: String) throws(SCPIReplyError) -> String {
        let body = reply.trimmingLineWhitespace()
        if body.first == "\"" || body.first == "'" { return try quotedString(reply, command: command) }
        return String(body)
    }

    /// Splits a comma-separated reply into trimmed fields, keeping commas inside quotes; quoted fields keep
    /// their quotes. An empty reply gives no fields.
    /// - Throws: `SCPIReplyError` when a quote is not closed.
    public static func list(_ reply: String, command: String) throws(SCPIReplyError) -> [String] {
        try fields(reply, command: command).map(String.init)
    }

    /// Reads a comma-separated list of strings, unquoting quoted fields.
    /// - Throws: `SCPIReplyError` when a quote is not closed or a quoted field has text after its quote.
    public static func stringList(_ reply: String, command: String) throws(SCPIReplyError) -> [String] {
        var out: [String] = []
        for field in try fields(reply, command: command) {
            if field.first == "\"" || field.first == "'" {
                guard let (text, end) = SCPIQuoting.unquote(field), field[end...].isEmpty else {
                    throw SCPIReplyError(command: command, reply: reply, expected: "a list of quoted strings")
                }
                out.append(text)
            } else {
                out.append(String(field))
            }
        }
        return out
    }

    /// Reads a comma-separated list of numbers, each classified as in `number(_:command:)`.
    /// - Throws: `SCPIReplyError` when a field is not a number.
    public static func numberList(_ reply: String, command: String) throws(SCPIReplyError) -> [SCPINumber] {
        var out: [SCPINumber] = []
        for field in try fields(reply, command: command) {
            out.append(try number(field: field, reply: reply, command: command))
        }
        return out
    }

    /// Reads a comma-separated list of numbers as `Double`s (not-a-number as `.nan`), e.g. MultiLane's `BER?`.
    /// - Throws: `SCPIReplyError` when a field is not a number or is an overflow value.
    public static func doubleList(_ reply: String, command: String) throws(SCPIReplyError) -> [Double] {
        var out: [Double] = []
        for field in try fields(reply, command: command) {
            out.append(try double(field: field, reply: reply, command: command))
        }
        return out
    }

    /// Reads a comma-separated list of integers.
    /// - Throws: `SCPIReplyError` when a field is not an integer.
    public static func integerList(_ reply: String, command: String) throws(SCPIReplyError) -> [Int] {
        var out: [Int] = []
        for field in try fields(reply, command: command) {
            out.append(try integer(field: field, reply: reply, command: command))
        }
        return out
    }

    // MARK: - Fields

    static func number(field: Substring, reply: String, command: String) throws(SCPIReplyError) -> SCPINumber {
        if let value = ASCIINumber.decimal(field) { return SCPINumber(value) }
        switch field.uppercased() {
        case "NAN", "+NAN", "-NAN": return .notANumber
        case "INF", "+INF", "INFINITY", "+INFINITY": return .overflow(negative: false)
        case "-INF", "-INFINITY": return .overflow(negative: true)
        default: throw SCPIReplyError(command: command, reply: reply, expected: numberForm)
        }
    }

    static func double(field: Substring, reply: String, command: String) throws(SCPIReplyError) -> Double {
        switch try number(field: field, reply: reply, command: command) {
        case .value(let value): return value
        case .notANumber: return .nan
        case .overflow: throw SCPIReplyError(command: command, reply: reply, problem: .overflow, expected: numberForm)
        }
    }

    static func integer(field: Substring, reply: String, command: String) throws(SCPIReplyError) -> Int {
        if let value = ASCIINumber.integer(field) { return value }
        if let value = ASCIINumber.decimal(field), value.isFinite, FloatRounding.halfAwayFromZero(value) == value {
            guard let exact = FloatRounding.exactInt(value) else {
                throw SCPIReplyError(command: command, reply: reply, problem: .outOfRange, expected: integerForm)
            }
            return exact
        }
        if ASCIINumber.isDecimal(field.utf8) || field.allSatisfy({ $0.isASCII && $0.isNumber }) {
            throw SCPIReplyError(command: command, reply: reply, problem: .outOfRange, expected: integerForm)
        }
        throw SCPIReplyError(command: command, reply: reply, expected: integerForm)
    }

    /// Comma-separated fields, trimmed, with commas inside quotes kept. A quote opens a string only at the
    /// start of a field, so an apostrophe inside a word (`Keysight's`) is plain text.
    static func fields(_ reply: String, command: String) throws(SCPIReplyError) -> [Substring] {
        let body = reply.trimmingLineWhitespace()
        if body.isEmpty { return [] }
        var out: [Substring] = []
        var fieldStart = body.startIndex
        var quote: Character?
        var atFieldStart = true
        var justClosed: Character?
        var index = body.startIndex
        while index < body.endIndex {
            let character = body[index]
            defer { index = body.index(after: index) }
            if let closed = justClosed {
                justClosed = nil
                if character == closed {
                    quote = closed
                    continue
                }
            }
            if let open = quote {
                if character == open {
                    quote = nil
                    justClosed = open
                }
            } else if atFieldStart && (character == "\"" || character == "'") {
                quote = character
                atFieldStart = false
            } else if character == "," {
                out.append(body[fieldStart..<index].trimmingLineWhitespace())
                fieldStart = body.index(after: index)
                atFieldStart = true
            } else if character != " " && character != "\t" {
                atFieldStart = false
            }
        }
        guard quote == nil else {
            throw SCPIReplyError(command: command, reply: reply, expected: listForm + " with closed quotes")
        }
        out.append(body[fieldStart..<body.endIndex].trimmingLineWhitespace())
        return out
    }
}
