import Foundation

/// A BER-statistics input that cannot be used, with the offending value and the accepted form.
public enum BERStatisticsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The confidence level is not a fraction strictly between 0 and 1.
    case invalidConfidence(Double)
    /// The error count is negative.
    case negativeErrors(Int)
    /// The bit error ratio is not a positive finite number.
    case invalidBitErrorRatio(Double)
    /// The number of bits (or the bit rate) is not a positive finite number.
    case invalidBits(Double)
    /// The chi-square degrees of freedom are not a positive even number.
    case invalidDegreesOfFreedom(Int)

    /// A message a lab technician can act on.
    public var description: String {
        switch self {
        case .invalidConfidence(let value):
            return "confidence level \(value) is not usable: give a fraction strictly between 0 and 1, e.g. 0.95"
        case .negativeErrors(let value):
            return "error count \(value) is not usable: give 0 or more errors"
        case .invalidBitErrorRatio(let value):
            return "bit error ratio \(value) is not usable: give a positive number such as 1e-12"
        case .invalidBits(let value):
            return "bit count or bit rate \(value) is not usable: give a positive finite number"
        case .invalidDegreesOfFreedom(let value):
            return "\(value) degrees of freedom are not usable: give a positive even number, 2(E + 1)"
        }
    }
}

/// Confidence statistics for bit error ratio tests (qualification.md §3).
///
/// With E errors in N bits, the upper limit of the BER at confidence CL is χ²_CL(2(E+1)) / (2N); the bits needed
/// to claim BER < R with at most E errors are χ²_CL(2(E+1)) / (2R). For even degrees of freedom, χ²_CL(2a)/2 is
/// the mean λ of a Poisson count with P(X ≤ E; λ) = 1 − CL, i.e. the root of the regularized incomplete gamma
/// equation P(E + 1, λ) = CL, solved here with a bracketed Newton–bisection iteration (checked against 40-digit
/// references to better than 1e-11 relative for E up to 10^6).
public enum BERStatistics {
    /// Bits to compare so that E or fewer errors prove BER < `targetBER` at `confidence`: χ²_CL(2(E+1)) / (2·BER).
    /// At 95 % and 1e-12 this is 2.996e12 bits for 0 errors, 4.744e12 for 1, 6.296e12 for 2 (the J-BERT table).
    public static func requiredBits(
        errors: Int, confidence: Double, targetBER: Double
    ) throws(BERStatisticsError) -> Double {
        guard targetBER > 0, targetBER.isFinite else { throw .invalidBitErrorRatio(targetBER) }
        return try poissonMeanUpperLimit(errors: errors, confidence: confidence) / targetBER
    }

    /// Seconds of counting at `bitsPerSecond` needed for ``requiredBits(errors:confidence:targetBER:)``.
    public static func requiredSeconds(
        errors: Int, confidence: Double, targetBER: Double, bitsPerSecond: Double
    ) throws(BERStatisticsError) -> Double {
        guard bitsPerSecond > 0, bitsPerSecond.isFinite else { throw .invalidBits(bitsPerSecond) }
        return try requiredBits(errors: errors, confidence: confidence, targetBER: targetBER) / bitsPerSecond
    }

    /// The upper confidence limit of the BER after `errors` errors in `bits` bits: χ²_CL(2(E+1)) / (2N);
    /// with zero errors exactly −ln(1 − CL) / N.
    public static func upperBound(bits: Double, errors: Int, confidence: Double) throws(BERStatisticsError) -> Double {
        guard bits > 0, bits.isFinite else { throw .invalidBits(bits) }
        return try poissonMeanUpperLimit(errors: errors, confidence: confidence) / bits
    }

    /// The confidence that the true BER is below `targetBER` after `errors` errors in `bits` bits:
    /// CL = 1 − e^(−N·BER) Σ_{k=0..E} (N·BER)^k / k!.
    public static func confidence(bits: Double, errors: Int, targetBER: Double) throws(BERStatisticsError) -> Double {
        guard bits > 0, bits.isFinite else { throw .invalidBits(bits) }
        guard targetBER > 0, targetBER.isFinite else { throw .invalidBitErrorRatio(targetBER) }
        guard errors >= 0 else { throw .negativeErrors(errors) }
        return regularizedLowerGamma(a: Double(errors) + 1, x: bits * targetBER)
    }

    /// The chi-square quantile χ²_p(ν) for an even number of degrees of freedom ν = 2(E + 1).
    public static func chiSquareQuantile(
        probability: Double, degreesOfFreedom: Int
    ) throws(BERStatisticsError) -> Double {
        guard degreesOfFreedom > 0, degreesOfFreedom % 2 == 0 else {
            throw .invalidDegreesOfFreedom(degreesOfFreedom)
        }
        return 2 * (try poissonMeanUpperLimit(errors: degreesOfFreedom / 2 - 1, confidence: probability))
    }

    /// The Poisson mean λ = χ²_CL(2(E+1)) / 2 with P(X ≤ E; λ) = 1 − CL: the upper confidence limit of the mean
    /// error count after observing `errors` errors.
    public static func poissonMeanUpperLimit(errors: Int, confidence: Double) throws(BERStatisticsError) -> Double {
        guard errors >= 0 else { throw .negativeErrors(errors) }
        guard confidence > 0, confidence < 1 else { throw .invalidConfidence(confidence) }
        if errors == 0 { return -log1p(-confidence) }
        return gammaQuantile(a: Double(errors) + 1, probability: confidence)
    }

    // MARK: Regularized incomplete gamma

    /// The regularized lower incomplete gamma function P(a, x) = γ(a, x) / Γ(a), for a > 0 and x ≥ 0.
    public static func regularizedLowerGamma(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).lower
    }

    /// The regularized upper incomplete gamma function Q(a, x) = 1 − P(a, x), for a > 0 and x ≥ 0.
    public static func regularizedUpperGamma(a: Double, x: Double) -> Double {
        incompleteGamma(a: a, x: x).upper
    }

    /// P(a, x) and Q(a, x): the series where x < a + 1, Lentz's continued fraction otherwise; the smaller tail is
    /// computed directly, the other as its complement.
    private static func incompleteGamma(a: Double, x: Double) -> (lower: Double, upper: Double) {
        guard a > 0, !x.isNaN else { return (.nan, .nan) }
        guard x > 0 else { return (0, 1) }
        guard x.isFinite else { return (1, 0) }
        let logPrefactor = a * log(x) - x - lgamma(a)
        if x < a + 1 {
            var term = 1 / a
            var sum = term
            var denominator = a
            for _ in 0..<maximumIterations {
                denominator += 1
                term *= x / denominator
                sum += term
                if abs(term) < abs(sum) * Double.ulpOfOne * 0.5 { break }
            }
            let lower = min(1, sum * exp(logPrefactor))
            return (lower, 1 - lower)
        }
        let tiny = Double.leastNormalMagnitude / Double.ulpOfOne
        var b = x + 1 - a
        var c = 1 / tiny
        var d = 1 / b
        var fraction = d
        for step in 1..<maximumIterations {
            let i = Double(step)
            let an = -i * (i - a)
            b += 2
            d = an * d + b
            if abs(d) < tiny { d = tiny }
            c = b + an / c
            if abs(c) < tiny { c = tiny }
            d = 1 / d
            let delta = d * c
            fraction *= delta
            if abs(delta - 1) < Double.ulpOfOne * 0.5 { break }
        }
        let upper = min(1, exp(logPrefactor) * fraction)
        return (1 - upper, upper)
    }

    private static let maximumIterations = 10_000_000

    /// The x with P(a, x) = probability, by Newton steps kept inside a bracket that bisection falls back on.
    private static func gammaQuantile(a: Double, probability: Double) -> Double {
        // g(x) increases with x; use the tail that keeps full relative precision at the target.
        let useUpper = probability >= 0.5
        func g(_ x: Double) -> Double {
            let value = incompleteGamma(a: a, x: x)
            return useUpper ? (1 - probability) - value.upper : value.lower - probability
        }
        func density(_ x: Double) -> Double {
            exp((a - 1) * log(x) - x - lgamma(a))
        }
        var low = 0.0
        var high = max(1, a)
        while g(high) < 0 {
            low = high
            high *= 2
        }
        // The root lies near the mean a for moderate confidence; start there when it is inside the bracket.
        var x = a > low && a < high ? a : 0.5 * (low + high)
        for _ in 0..<500 {
            let value = g(x)
            if value == 0 { return x }
            if value < 0 { low = x } else { high = x }
            let slope = density(x)
            var next = slope > 0 ? x - value / slope : .nan
            if !(next > low && next < high) {
                next = 0.5 * (low + high)
            }
            if abs(next - x) <= 1e-15 * abs(next) || high - low <= 4 * Double.ulpOfOne * high {
                return next
            }
            x = next
        }
        return x
    }
}
