/// Strict decimal number reading and fixed-point writing shared by the SCPI and vendor ASCII code.
///
/// `Double(String)` alone is too lenient for wire replies (it accepts `nan`, `inf`, `0x1p3`, …), so the
/// text is first checked against the decimal forms instruments send: `[+|-] digits [. digits] [E [+|-] digits]`
/// (IEEE 488.2 NR1, NR2, NR3), also `.5` and `5.`.
enum ASCIINumber {
    /// True for ASCII `0`…`9`.
    @inline(__always)
    static func isDigit(_ byte: UInt8) -> Bool { byte &- 0x30 < 10 }

    /// True when `utf8` is a decimal number in NR1/NR2/NR3 form (no surrounding whitespace).
    static func isDecimal(_ utf8: some Collection<UInt8>) -> Bool {
        var iterator = utf8.makeIterator()
        var current = iterator.next()
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { current = iterator.next() }
        var mantissaDigits = 0
        while let byte = current, isDigit(byte) {
            mantissaDigits += 1
            current = iterator.next()
        }
        if current == UInt8(ascii: ".") {
            current = iterator.next()
            while let byte = current, isDigit(byte) {
                mantissaDigits += 1
                current = iterator.next()
            }
        }
        if mantissaDigits == 0 { return false }
        if current == UInt8(ascii: "E") || current == UInt8(ascii: "e") {
            current = iterator.next()
            if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { current = iterator.next() }
            var exponentDigits = 0
            while let byte = current, isDigit(byte) {
                exponentDigits += 1
                current = iterator.next()
            }
            if exponentDigits == 0 { return false }
        }
        return current == nil
    }

    /// The value of a decimal number in NR1/NR2/NR3 form, or nil when the text is not one.
    /// Exponents beyond the range of `Double` give ±infinity or zero, as the C library does.
    static func decimal(_ text: some StringProtocol) -> Double? {
        guard isDecimal(text.utf8) else { return nil }
        return Double(String(text))
    }

    /// The value of `[+|-]digits`, or nil when the text is not an integer or does not fit in `Int`.
    static func integer(_ text: some StringProtocol) -> Int? {
        var iterator = text.utf8.makeIterator()
        var current = iterator.next()
        var negative = false
        if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") {
            negative = current == UInt8(ascii: "-")
            current = iterator.next()
        }
        var value = 0
        var digits = 0
        while let byte = current {
            guard isDigit(byte) else { return nil }
            let digit = Int(byte &- 0x30)
            let (times10, overflow1) = value.multipliedReportingOverflow(by: 10)
            let (next, overflow2) =
                negative
                ? times10.subtractingReportingOverflow(digit)
                : times10.addingReportingOverflow(digit)
            if overflow1 || overflow2 { return nil }
            value = next
            digits += 1
            current = iterator.next()
        }
        return digits > 0 ? value : nil
    }

    /// `value` written with exactly `fractionDigits` digits after the point, rounding half away from zero,
    /// e.g. `fixed(25, 1) == "25.0"`, `fixed(-40.04, 1) == "-40.0"`. Nil when `value` is not finite or its
    /// magnitude is too large to write exactly (above about 9e15 after scaling).
    static func fixed(_ value: Double, fractionDigits: Int) -> String? {
        guard value.isFinite, (0...9).contains(fractionDigits) else { return nil }
        var scale = 1.0
        for _ in 0..<fractionDigits { scale *= 10 }
        let scaled = FloatRounding.halfAwayFromZero(value * scale)
        guard abs(scaled) < 9e15 else { return nil }
        let integer = Int64(scaled)
        let magnitude = integer.magnitude
        let divisor = UInt64(scale)
        var text = integer < 0 ? "-" : ""
        text += String(magnitude / divisor)
        if fractionDigits > 0 {
            let fraction = String(magnitude % divisor)
            text += "." + String(repeating: "0", count: fractionDigits - fraction.count) + fraction
        }
        return text
    }
}
