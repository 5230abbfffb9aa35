import Foundation

extension GatePlan {
    /// Human-readable lines stating the rule, its looks and thresholds, and its exact P(accept) at the target and
    /// at a tenth of it, so that anyone can recompute them (qualification.md §3a); `qualstation validate` prints
    /// them. `lineRate` (bit/s) converts bits to seconds.
    ///
    /// A look reads like `look 0: 3.101e12 bits (775.3 s at 4 Gb/s), accept with ≤ 0 errors, P(accept at
    /// target) 0.045000`.
    public func describe(lineRate: Double) -> [String] {
        let rate = String(format: "%g", lineRate / 1e9) + " Gb/s"
        func seconds(_ bits: Double) -> String {
            String(format: "%.1f", bits / lineRate) + " s at " + rate
        }
        let cap = maximumBits.isFinite ? String(format: "%.4g", maximumBits) + " bits (\(seconds(maximumBits)))" : "none"
        let ruleLine = "\(kind.rawValue) gate: BER < \(String(format: "%g", targetBER)) at "
            + String(format: "%g", confidence * 100)
            + " % confidence for the whole stopping rule; more than \(maximumErrors) errors fail at once; gate maximum \(cap)"
        var lines = [ruleLine]
        for (index, look) in looks.enumerated() {
            lines.append(
                "look \(index): " + String(format: "%.4g", look.bits) + " bits (\(seconds(look.bits))), accept with ≤ \(look.acceptErrors) errors, P(accept at target) "
                    + String(format: "%.6f", look.spentAlpha))
        }
        lines.append(String(
            format: "P(accept) at the target BER %g: %.6f (at most %.6f = 1 − confidence)",
            targetBER, acceptanceProbability(ber: targetBER), alpha))
        lines.append(String(
            format: "P(accept) at target/10 = %g: %.6f", targetBER / 10, acceptanceProbability(ber: targetBER / 10)))
        lines.append(
            "clean-lane gate time: \(seconds(expectedCleanLaneBits)), " + String(format: "%.4f", cleanLaneTimeRatio)
                + " × the zero-error gate's " + String(format: "%.1f", zeroErrorBits / lineRate) + " s")
        return lines
    }
}
