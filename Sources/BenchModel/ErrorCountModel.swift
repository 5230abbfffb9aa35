/// Bit errors a simulated error detector counts, given a lane's true bit error ratio.
///
/// Errors in disjoint bit windows are independent Poisson counts, so a simulated BERT can draw one count per
/// gate interval (keyed by lane and interval number) and add them up: the total is Poisson too, and re-reading
/// an interval gives the same count.
public enum ErrorCountModel {
    /// The mean number of errors in `bits` bits at bit error ratio `ber` (BER clamped to 0…1, bits to ≥ 0).
    public static func expectedErrors(ber: Double, bits: Double) -> Double {
        guard ber > 0, bits > 0 else { return 0 }
        return min(ber, 1) * bits
    }

    /// A deterministic Poisson draw of the errors in `bits` bits at `ber`, never more than the bits counted.
    /// - Parameters:
    ///   - ber: the true bit error ratio (e.g. ``MicroLEDArrayModel/bitErrorRatio(lane:dutCelsius:stressHours:)``).
    ///   - bits: bits compared in the window.
    ///   - noise: the bench's random source.
    ///   - keys: what identifies the window, e.g. lane and gate-interval number.
    public static func drawErrors(ber: Double, bits: Double, noise: SeededRandom, _ keys: UInt64...) -> UInt64 {
        drawErrors(ber: ber, bits: bits, noise: noise, keys: keys)
    }

    /// A deterministic Poisson draw of the errors in `bits` bits at `ber`, keys given as an array.
    public static func drawErrors(ber: Double, bits: Double, noise: SeededRandom, keys: [UInt64]) -> UInt64 {
        let mean = expectedErrors(ber: ber, bits: bits)
        guard mean > 0 else { return 0 }
        let drawn = noise.poisson(mean: mean, keys: [Self.errorsKey] + keys)
        let bitsCounted = bits.rounded(.down)
        if bitsCounted >= 18_446_744_073_709_549_568 { return drawn }
        return min(drawn, UInt64(bitsCounted))
    }

    private static let errorsKey = SeededRandom.key("errors")
}
