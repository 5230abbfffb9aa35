import Foundation
@testable import LinkStatistics

/// Independent references for the gate-plan tests: direct summation over every path of cumulative error counts,
/// and a small seeded generator of error arrivals.
enum GatePlanReference {
    /// P(accept at exactly look k) by summing every path of cumulative counts at the looks (counts above the
    /// maximum are rejected), with Poisson masses from e^(−λ) λ^d / d! computed directly.
    static func lookProbabilities(looks: [(bits: Double, accept: Int)], maximumErrors: Int, ber: Double) -> [Double] {
        var result = [Double](repeating: 0, count: looks.count)
        func mass(_ d: Int, _ mean: Double) -> Double {
            var value = exp(-mean)
            for i in stride(from: 1, through: d, by: 1) { value *= mean / Double(i) }
            return value
        }
        func walk(look: Int, count: Int, bits: Double, probability: Double) {
            guard look < looks.count, probability > 0 else { return }
            let mean = ber * (looks[look].bits - bits)
            for next in count...maximumErrors {
                let p = probability * mass(next - count, mean)
                if next <= looks[look].accept {
                    result[look] += p
                } else {
                    walk(look: look + 1, count: next, bits: looks[look].bits, probability: p)
                }
            }
        }
        walk(look: 0, count: 0, bits: 0, probability: 1)
        return result
    }

    /// A SplitMix64 generator: a fixed seed gives the same error arrivals on every machine.
    struct SplitMix: RandomNumberGenerator {
        var state: UInt64

        mutating func next() -> UInt64 {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            return z ^ (z >> 31)
        }

        /// The bits at which the first `count` errors arrive at rate `ber` per bit.
        mutating func arrivals(ber: Double, count: Int) -> [Double] {
            var position = 0.0
            return (0..<count).map { _ in
                position += -log(Double.random(in: Double.ulpOfOne..<1, using: &self)) / ber
                return position
            }
        }
    }

    /// Runs `plan.decide` at each point of `points` for a lane whose errors arrive at `arrivals`.
    static func outcome(plan: GatePlan, arrivals: [Double], points: [Double]) -> GateDecision {
        for (index, point) in points.enumerated() {
            let errors = arrivals.firstIndex { $0 > point } ?? arrivals.count
            let decision = plan.decide(comparedBits: point, errors: errors, finished: index == points.count - 1)
            if decision.isDecided { return decision }
        }
        return .undecided
    }
}
