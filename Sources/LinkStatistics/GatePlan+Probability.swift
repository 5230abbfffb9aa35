import Foundation

extension GatePlan {
    /// Exact P(accept at exactly look k, not before) for every look at a true BER, from the Poisson dynamic
    /// program over the looks. At BER = target these are the looks' `spentAlpha`.
    public func lookAcceptanceProbabilities(ber: Double) -> [Double] {
        guard ber >= 0, !ber.isNaN else { return looks.map { _ in .nan } }
        var program = GateDynamicProgram(maximumErrors: maximumErrors, ber: ber)
        return looks.map { program.look(at: $0.bits, acceptErrors: min($0.acceptErrors, maximumErrors)) }
    }

    /// Exact P(accept) at a true BER: the chance that the gate passes a lane whose errors arrive as a Poisson
    /// process at that rate. At BER = target this is the false-acceptance probability, ≤ 1 − confidence for a
    /// plan built by ``zeroError(targetBER:confidence:maximumBits:)`` or
    /// ``multiStage(targetBER:confidence:maximumErrors:spending:maximumBits:)``. Polling at other points than
    /// the looks can only lower it (see ``decide(comparedBits:errors:finished:)``).
    public func acceptanceProbability(ber: Double) -> Double {
        min(1, lookAcceptanceProbabilities(ber: ber).reduce(0, +))
    }

    /// Exact P(reject) at a true BER: 1 − ``acceptanceProbability(ber:)``.
    public func rejectionProbability(ber: Double) -> Double {
        1 - acceptanceProbability(ber: ber)
    }

    /// The compared bits a lane with no errors needs before it passes: the first look's bits.
    public var expectedCleanLaneBits: Double {
        looks.first?.bits ?? .infinity
    }

    /// The bits of the zero-error gate for the same claim, −ln(1 − CL)/BER: the fastest any exact gate can pass a
    /// clean lane.
    public var zeroErrorBits: Double {
        -log1p(-confidence) / targetBER
    }

    /// How much longer a clean lane takes than under the zero-error gate (1 for the zero-error gate itself).
    public var cleanLaneTimeRatio: Double {
        expectedCleanLaneBits / zeroErrorBits
    }
}
