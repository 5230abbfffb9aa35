/// Rounding and exact conversion of `Double` without the C math library.
///
/// `Double.rounded(_:)` and `Int(exactly: Double)` call `round`/`trunc` from libm, which an executable that
/// imports neither Foundation nor Glibc does not link. These helpers use only integer conversion.
enum FloatRounding {
    /// 2^52: from here on every `Double` is an integer.
    private static let integralThreshold = 4_503_599_627_370_496.0

    /// `value` rounded to the nearest integer, halves away from zero (2.5 → 3, -2.5 → -3).
    static func halfAwayFromZero(_ value: Double) -> Double {
        guard value.isFinite, abs(value) < integralThreshold else { return value }
        let truncated = Double(Int64(value))
        let fraction = value - truncated
        if fraction >= 0.5 { return truncated + 1 }
        if fraction <= -0.5 { return truncated - 1 }
        return truncated
    }

    /// The `Int` equal to `value`, or nil when `value` has a fraction, is not finite or is out of range.
    static func exactInt(_ value: Double) -> Int? {
        guard value.isFinite, value >= -9.223_372_036_854_775_808e18, value < 9.223_372_036_854_775_808e18 else {
            return nil
        }
        let integer = Int(value)
        return Double(integer) == value ? integer : nil
    }
}
