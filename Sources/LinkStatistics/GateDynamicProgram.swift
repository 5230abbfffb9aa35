import Foundation

/// The exact Poisson dynamic program over a gate's looks (qualification.md §3a).
///
/// Errors arrive as a Poisson process with rate BER per compared bit. The state is the distribution of the error
/// count at the current bits among the paths that are neither accepted nor rejected yet; counts above
/// `maximumErrors` are rejected and leave the state. Advancing to the next look convolves the state with the
/// Poisson increment; taking a look removes (and returns) the mass with at most `acceptErrors` errors. The Poisson
/// masses are computed in log space, so tiny and huge means neither underflow to NaN nor overflow.
struct GateDynamicProgram: Sendable {
    /// P(count = j, still undecided) for j = 0…maximumErrors.
    private(set) var continuing: [Double]
    /// The compared bits the state refers to.
    private(set) var bits: Double
    /// The true BER the process runs at.
    let ber: Double

    /// Starts at zero bits with zero errors.
    init(maximumErrors: Int, ber: Double) {
        continuing = [Double](repeating: 0, count: max(0, maximumErrors) + 1)
        continuing[0] = 1
        bits = 0
        self.ber = ber
    }

    /// The state after `extraBits` more bits, without taking a look.
    func advanced(by extraBits: Double) -> [Double] {
        let mean = ber * max(0, extraBits)
        guard mean > 0 else { return continuing }
        let masses = (0..<continuing.count).map { Self.poissonMass($0, mean: mean) }
        var next = [Double](repeating: 0, count: continuing.count)
        for (from, probability) in continuing.enumerated() where probability > 0 {
            for to in from..<continuing.count {
                next[to] += probability * masses[to - from]
            }
        }
        return next
    }

    /// The mass a look with `acceptErrors` would accept `extraBits` beyond the current bits.
    func acceptance(after extraBits: Double, acceptErrors: Int) -> Double {
        Self.accepted(advanced(by: extraBits), acceptErrors: acceptErrors)
    }

    /// Moves to `lookBits` (never backwards), takes a look there and returns the probability accepted at it.
    mutating func look(at lookBits: Double, acceptErrors: Int) -> Double {
        continuing = advanced(by: lookBits - bits)
        bits = max(bits, lookBits)
        let accepted = Self.accepted(continuing, acceptErrors: acceptErrors)
        for count in 0..<min(continuing.count, max(0, acceptErrors + 1)) {
            continuing[count] = 0
        }
        return accepted
    }

    /// The mass of `state` with at most `acceptErrors` errors.
    private static func accepted(_ state: [Double], acceptErrors: Int) -> Double {
        guard acceptErrors >= 0 else { return 0 }
        return state.prefix(acceptErrors + 1).reduce(0, +)
    }

    /// P(X = count) for X ~ Poisson(mean), as exp(count·ln mean − mean − ln count!).
    static func poissonMass(_ count: Int, mean: Double) -> Double {
        guard count >= 0, !mean.isNaN else { return 0 }
        if mean == 0 { return count == 0 ? 1 : 0 }
        guard mean.isFinite else { return 0 }
        if count == 0 { return exp(-mean) }
        let k = Double(count)
        return exp(k * log(mean) - mean - lgamma(k + 1))
    }
}
