/// One parameter of a received command, as text, with conversions a simulator needs.
///
/// Conversions throw `SCPICommandError` with the standard error a real instrument would queue
/// (-104 data type error, -224 illegal parameter value, -151 invalid string data). `SCPIProgramUnit`'s
/// `double(at:)` and friends add the command text and report -109 for a missing parameter.
public struct SCPIParameter: Sendable, Hashable, CustomStringConvertible {
    /// The parameter as received, without surrounding whitespace (quotes, parentheses kept).
    public var text: String

    /// The most channels a channel list may expand to.
    public static let maximumChannelCount = 4096

    /// Creates a parameter from its text.
    public init(_ text: String) {
        self.text = text
    }

    /// The text.
    public var description: String { text }

    /// Reads a decimal number (NR1/NR2/NR3) or a non-decimal one (`#HFF`, `#Q17`, `#B101`).
    /// - Throws: `SCPICommandError` -104 when the text is not a number.
    public func double() throws(SCPICommandError) -> Double {
        if let value = ASCIINumber.decimal(text), value.isFinite { return value }
        if let value = Self.nonDecimal(text) { return Double(value) }
        throw SCPICommandError(.dataTypeError, detail: "expected a number, got \(ByteRendering.quoted(text))")
    }

    /// Reads a number or one of the keywords `MINimum`, `MAXimum`, `DEFault`.
    /// - Throws: `SCPICommandError` -104 when it is neither.
    public func numeric() throws(SCPICommandError) -> SCPINumericParameter {
        if matches(keyword: "MINimum") { return .minimum }
        if matches(keyword: "MAXimum") { return .maximum }
        if matches(keyword: "DEFault") { return .default }
        do {
            return .value(try double())
        } catch {
            throw SCPICommandError(
                .dataTypeError, detail: "expected a number, MIN, MAX or DEF, got \(ByteRendering.quoted(text))")
        }
    }

    /// Reads an integer; a decimal is rounded to the nearest integer, as IEEE 488.2 devices do.
    /// - Throws: `SCPICommandError` -104 when not a number, -222 when beyond the range of `Int`.
    public func integer() throws(SCPICommandError) -> Int {
        if let value = ASCIINumber.integer(text) { return value }
        if let value = Self.nonDecimal(text), let exact = Int(exactly: value) { return exact }
        let value = try double()
        guard let rounded = FloatRounding.exactInt(FloatRounding.halfAwayFromZero(value)) else {
            throw SCPICommandError(.dataOutOfRange, detail: "\(ByteRendering.quoted(text)) is too large")
        }
        return rounded
    }

    /// Reads a boolean: `ON`/`OFF`, or a number that rounds to non-zero (true) or zero (false).
    /// - Throws: `SCPICommandError` -104 for anything else.
    public func boolean() throws(SCPICommandError) -> Bool {
        if matches(keyword: "ON") { return true }
        if matches(keyword: "OFF") { return false }
        guard let value = try? double() else {
            throw SCPICommandError(
                .dataTypeError, detail: "expected ON, OFF, 1 or 0, got \(ByteRendering.quoted(text))")
        }
        return FloatRounding.halfAwayFromZero(value) != 0
    }

    /// Reads string data: `"…"` or `'…'` with the quote doubled inside, returning the content.
    /// - Throws: `SCPICommandError` -104 when not quoted, -151 when the quote is not closed properly.
    public func string() throws(SCPICommandError) -> String {
        let body = Substring(text)
        guard body.first == "\"" || body.first == "'" else {
            throw SCPICommandError(
                .dataTypeError, detail: "expected a quoted string, got \(ByteRendering.quoted(text))")
        }
        guard let (content, end) = SCPIQuoting.unquote(body), body[end...].isEmpty else {
            throw SCPICommandError(.invalidStringData, detail: "unterminated string \(ByteRendering.quoted(text))")
        }
        return content
    }

    /// The parameter as character data (a keyword such as `PRBS`), upper-cased.
    public var keyword: String { text.uppercased() }

    /// True when the parameter is the keyword `pattern` in its short or long form, case-insensitively:
    /// `matches(keyword: "CONStant")` accepts `CONS` and `constant`, not `CONST`.
    public func matches(keyword pattern: String) -> Bool {
        let short = String(pattern.prefix { !$0.isLowercase }).uppercased()
        let long = pattern.uppercased()
        let received = text.uppercased()
        return received == short || received == long
    }

    /// Reads a number followed by an optional unit suffix, e.g. `1550NM`, `1.55E-6 m`, `5V`.
    /// Returns the number as written and the suffix upper-cased (empty when absent); multipliers such as
    /// `M` or `NM` are not applied.
    /// - Throws: `SCPICommandError` -104 when the text does not start with a number, -131 when the suffix
    ///   holds anything but letters.
    public func quantity() throws(SCPICommandError) -> (value: Double, unit: String) {
        let bytes = Array(text.utf8)
        let length = Self.decimalPrefixLength(bytes)
        guard length > 0, let value = ASCIINumber.decimal(String(decoding: bytes[..<length], as: UTF8.self)),
            value.isFinite
        else {
            throw SCPICommandError(
                .dataTypeError, detail: "expected a number with unit, got \(ByteRendering.quoted(text))")
        }
        let unit = String(decoding: bytes[length...], as: UTF8.self).trimmingLineWhitespace()
        guard unit.utf8.allSatisfy(SCPIHeaderNode.isLetter) else {
            throw SCPICommandError(.invalidSuffix, detail: "unit \(ByteRendering.quoted(unit)) is not a word")
        }
        return (value, unit.uppercased())
    }

    /// Reads a channel list `(@1,2,4:6)` into channel numbers in the order given, ranges expanded
    /// (`6:4` counts down).
    /// - Throws: `SCPICommandError` -104 when the text is not a channel list, -224 when a channel is not a
    ///   non-negative integer or the list expands to more than `maximumChannelCount` channels.
    public func channelList() throws(SCPICommandError) -> [Int] {
        let body = text.trimmingLineWhitespace()
        guard body.hasPrefix("(@"), body.hasSuffix(")"), body.count >= 3 else {
            throw SCPICommandError(
                .dataTypeError, detail: "expected a channel list like (@1,2), got \(ByteRendering.quoted(text))")
        }
        let inner = body.dropFirst(2).dropLast()
        var channels: [Int] = []
        for item in inner.split(separator: ",", omittingEmptySubsequences: false) {
            let parts = item.split(separator: ":", omittingEmptySubsequences: false)
            var bounds: [Int] = []
            for part in parts {
                guard let channel = ASCIINumber.integer(part.trimmingLineWhitespace()), channel >= 0 else {
                    throw SCPICommandError(
                        .illegalParameterValue,
                        detail: "channel \(ByteRendering.quoted(String(part))) in \(text) is not a number")
                }
                bounds.append(channel)
            }
            guard bounds.count == 1 || bounds.count == 2 else {
                throw SCPICommandError(
                    .illegalParameterValue,
                    detail: "channel range \(ByteRendering.quoted(String(item))) is not first:last")
            }
            let first = bounds[0]
            let last = bounds[bounds.count - 1]
            guard channels.count + abs(last - first) + 1 <= Self.maximumChannelCount else {
                throw SCPICommandError(
                    .illegalParameterValue,
                    detail: "channel list \(text) names more than \(Self.maximumChannelCount) channels")
            }
            if first <= last {
                channels.append(contentsOf: first...last)
            } else {
                channels.append(contentsOf: (last...first).reversed())
            }
        }
        return channels
    }

    /// The payload of a definite-length block parameter `#<n><len><data>`.
    /// - Throws: `SCPICommandError` -161 when the parameter is not a whole block.
    public func block() throws(SCPICommandError) -> [UInt8] {
        do {
            return try SCPIBlock(decoding: Array(text.utf8)).payload
        } catch {
            throw SCPICommandError(.invalidBlockData, detail: error.description)
        }
    }

    /// `#H…`, `#Q…`, `#B…` non-decimal numbers (IEEE 488.2 7.7.4).
    static func nonDecimal(_ text: String) -> UInt64? {
        let bytes = Array(text.utf8)
        guard bytes.count > 2, bytes[0] == UInt8(ascii: "#") else { return nil }
        let radix: UInt64
        switch bytes[1] | 0x20 {
        case UInt8(ascii: "h"): radix = 16
        case UInt8(ascii: "q"): radix = 8
        case UInt8(ascii: "b"): radix = 2
        default: return nil
        }
        var value: UInt64 = 0
        for byte in bytes[2...] {
            let digit: UInt64
            switch byte {
            case 0x30...0x39: digit = UInt64(byte - 0x30)
            case 0x41...0x46: digit = UInt64(byte - 0x41 + 10)
            case 0x61...0x66: digit = UInt64(byte - 0x61 + 10)
            default: return nil
            }
            guard digit < radix else { return nil }
            let (times, overflow1) = value.multipliedReportingOverflow(by: radix)
            let (next, overflow2) = times.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
        }
        return value
    }

    /// The length of the longest prefix of `bytes` that is a decimal number.
    static func decimalPrefixLength(_ bytes: [UInt8]) -> Int {
        var index = 0
        if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") { index += 1 }
        var digits = 0
        while index < bytes.count, ASCIINumber.isDigit(bytes[index]) { index += 1; digits += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            while index < bytes.count, ASCIINumber.isDigit(bytes[index]) { index += 1; digits += 1 }
        }
        guard digits > 0 else { return 0 }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            var exponentEnd = index + 1
            if exponentEnd < bytes.count,
                bytes[exponentEnd] == UInt8(ascii: "+") || bytes[exponentEnd] == UInt8(ascii: "-")
            {
                exponentEnd += 1
            }
            let digitsStart = exponentEnd
            while exponentEnd < bytes.count, ASCIINumber.isDigit(bytes[exponentEnd]) { exponentEnd += 1 }
            if exponentEnd > digitsStart { index = exponentEnd }
        }
        return index
    }
}

/// A numeric parameter that may be one of the keywords SCPI allows in place of a number.
public enum SCPINumericParameter: Sendable, Hashable {
    /// A number.
    case value(Double)
    /// `MIN` / `MINimum`.
    case minimum
    /// `MAX` / `MAXimum`.
    case maximum
    /// `DEF` / `DEFault`.
    case `default`
}
