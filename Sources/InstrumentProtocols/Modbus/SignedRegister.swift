/// Signed and scaled-decimal values in 16-bit Modbus registers, as the Watlow F4 stores temperatures.
///
/// A register holds a two's-complement `Int16`; with `decimals` implied decimal places the value is
/// `Int16 / 10^decimals`, so with one decimal `250` is 25.0 and `0xFF9C` (-100) is -10.0.
public enum SignedRegister {
    /// The register read as a signed 16-bit integer (two's complement).
    public static func int16(_ register: UInt16) -> Int16 {
        Int16(bitPattern: register)
    }

    /// The register holding `value` in two's complement.
    public static func register(_ value: Int16) -> UInt16 {
        UInt16(bitPattern: value)
    }

    /// The value of a scaled-decimal register: `Int16(register) / 10^decimals`. A negative `decimals`
    /// multiplies instead.
    public static func decode(_ register: UInt16, decimals: Int) -> Double {
        let raw = Double(Int16(bitPattern: register))
        let scale = power10(abs(decimals))
        return decimals >= 0 ? raw / scale : raw * scale
    }

    /// The register for `value` with `decimals` implied decimal places, rounded half away from zero
    /// (25.04 with one decimal is 250).
    /// - Throws: `SignedRegisterError` when `value` is not finite, `decimals` is outside 0…9, or the scaled
    ///   value does not fit in -32768…32767 (the error gives the representable range).
    public static func encode(_ value: Double, decimals: Int) throws(SignedRegisterError) -> UInt16 {
        guard (0...9).contains(decimals) else {
            throw SignedRegisterError(value: value, decimals: decimals, reason: "decimal places must be 0…9")
        }
        guard value.isFinite else {
            throw SignedRegisterError(value: value, decimals: decimals, reason: "the value is not a finite number")
        }
        let scale = power10(decimals)
        let scaled = FloatRounding.halfAwayFromZero(value * scale)
        guard let integer = FloatRounding.exactInt(scaled), let raw = Int16(exactly: integer) else {
            let low = ASCIINumber.fixed(Double(Int16.min) / scale, fractionDigits: decimals) ?? "?"
            let high = ASCIINumber.fixed(Double(Int16.max) / scale, fractionDigits: decimals) ?? "?"
            throw SignedRegisterError(
                value: value, decimals: decimals,
                reason: "it does not fit a signed 16-bit register (\(low) … \(high) with \(decimals) decimal places)")
        }
        return UInt16(bitPattern: raw)
    }

    private static func power10(_ exponent: Int) -> Double {
        var result = 1.0
        for _ in 0..<min(exponent, 400) { result *= 10 }
        return result
    }
}

/// A value that cannot be stored in a scaled-decimal 16-bit register.
public struct SignedRegisterError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The value that was to be stored.
    public var value: Double
    /// The implied decimal places.
    public var decimals: Int
    /// Why it cannot be stored.
    public var reason: String

    /// Creates the error.
    public init(value: Double, decimals: Int, reason: String) {
        self.value = value
        self.decimals = decimals
        self.reason = reason
    }

    /// A sentence with the value and the reason.
    public var description: String {
        "cannot store \(value) in a register with \(decimals) decimal place\(decimals == 1 ? "" : "s"): \(reason)"
    }
}
