/// Builds the text format of `COPY … FROM STDIN`: one line per row, fields separated by tabs, `\N` for NULL, and
/// backslash, tab, newline and carriage return escaped.
struct CopyText {
    /// The text built so far.
    private(set) var text = ""
    /// How many rows it holds.
    private(set) var rowCount = 0

    /// Appends one row.
    mutating func append(_ fields: [CopyField]) {
        var first = true
        for field in fields {
            if !first { text.append("\t") }
            first = false
            switch field {
            case .null: text.append("\\N")
            case .integer(let value): text.append(String(value))
            case .real(let value):
                if value.isNaN { text.append("\\N") } else { text.append(value.description) }
            case .text(let value): append(escaping: value)
            }
        }
        text.append("\n")
        rowCount += 1
    }

    private mutating func append(escaping value: String) {
        // Most values (quantities, units, instruments) need no escaping: append them whole.
        guard value.utf8.contains(where: { $0 == 0x5C || $0 == 0x09 || $0 == 0x0A || $0 == 0x0D }) else {
            text.append(value)
            return
        }
        for scalar in value.unicodeScalars {
            switch scalar {
            case "\\": text.append("\\\\")
            case "\t": text.append("\\t")
            case "\n": text.append("\\n")
            case "\r": text.append("\\r")
            default: text.unicodeScalars.append(scalar)
            }
        }
    }
}

/// One field of a COPY row.
enum CopyField {
    /// SQL NULL.
    case null
    /// An integer.
    case integer(Int64)
    /// A double (NaN becomes NULL).
    case real(Double)
    /// Text, escaped as COPY needs.
    case text(String)

    /// An optional integer.
    static func integer(_ value: Int64?) -> CopyField { value.map { .integer($0) } ?? .null }
    /// An optional double.
    static func real(_ value: Double?) -> CopyField { value.map { .real($0) } ?? .null }
    /// An optional text.
    static func text(_ value: String?) -> CopyField { value.map { .text($0) } ?? .null }
}
