import Foundation

extension GatePlan {
    /// The zero-error gate: one look at n₀ = −ln(1 − CL)/BER bits accepting 0 errors; any error rejects at once
    /// (the gate stops early only to fail). P(accept | BER = target) is exactly 1 − CL.
    public static func zeroError(
        targetBER: Double, confidence: Double, maximumBits: Double
    ) throws(GatePlanError) -> GatePlan {
        try checkCommon(targetBER: targetBER, confidence: confidence, maximumBits: maximumBits)
        let bits = -log1p(-confidence) / targetBER
        guard bits <= maximumBits else { throw .firstLookBeyondMaximum(neededBits: bits, maximumBits: maximumBits) }
        var program = GateDynamicProgram(maximumErrors: 0, ber: targetBER)
        let spent = program.look(at: bits, acceptErrors: 0)
        return GatePlan(
            kind: .zeroError, targetBER: targetBER, confidence: confidence, maximumErrors: 0, maximumBits: maximumBits,
            looks: [GateLook(bits: bits, acceptErrors: 0, spentAlpha: spent)])
    }

    /// A multi-stage gate with α spending: looks k = 0…K (K = `maximumErrors`) accepting at most k errors.
    ///
    /// Look 0 sits at n₀ = −ln(α·s₀)/BER, so it spends α·s₀. Each later look's bits n_k are found by bisection
    /// (to about 1e-12 relative) so that the exact P(accept at exactly look k | BER = target), from the Poisson
    /// dynamic program over the earlier looks, equals α·s_k, rounding towards spending less. That probability
    /// falls as n_k grows, so:
    /// - a look whose share s_k is 0 is dropped (it could only spend 0 at infinite bits);
    /// - a look that spends less than α·s_k even at n_{k−1} is placed at n_{k−1}, spending what it can there;
    /// - a look beyond `maximumBits` is dropped with every later one (this only lowers acceptance), and the
    ///   plan's `maximumErrors` becomes the last kept look's threshold, since more errors can never pass.
    ///
    /// The looks' spending therefore adds up to at most α for every cap.
    ///
    /// - Parameters:
    ///   - spending: fractions of α per look, K + 1 of them, each ≥ 0, adding up to at most 1 (+1e-12).
    ///   - maximumBits: the gate's cap, max_seconds × line rate; `.infinity` for none.
    /// - Throws: ``GatePlanError`` for unusable inputs, or when look 0 lies beyond `maximumBits`.
    public static func multiStage(
        targetBER: Double, confidence: Double, maximumErrors: Int, spending: [Double], maximumBits: Double
    ) throws(GatePlanError) -> GatePlan {
        try checkCommon(targetBER: targetBER, confidence: confidence, maximumBits: maximumBits)
        guard (0...largestMaximumErrors).contains(maximumErrors) else { throw .invalidMaximumErrors(maximumErrors) }
        guard spending.count == maximumErrors + 1 else {
            throw .spendingCount(given: spending.count, expected: maximumErrors + 1)
        }
        for (index, fraction) in spending.enumerated() where !(fraction >= 0 && fraction.isFinite) {
            throw .invalidSpendingFraction(index: index, value: fraction)
        }
        let sum = spending.reduce(0, +)
        guard sum <= 1 + 1e-12 else { throw .spendingExceedsOne(sum: sum) }
        guard spending[0] > 0 else { throw .firstLookSpendsNothing }

        let alpha = 1 - confidence
        let firstBits = -log(alpha * spending[0]) / targetBER
        guard firstBits <= maximumBits else {
            throw .firstLookBeyondMaximum(neededBits: firstBits, maximumBits: maximumBits)
        }
        var program = GateDynamicProgram(maximumErrors: maximumErrors, ber: targetBER)
        var looks = [GateLook(bits: firstBits, acceptErrors: 0, spentAlpha: program.look(at: firstBits, acceptErrors: 0))]
        for errors in 1...max(1, maximumErrors) where errors <= maximumErrors && spending[errors] > 0 {
            guard let extra = extraBits(
                program: program, acceptErrors: errors, spend: alpha * spending[errors],
                room: maximumBits - program.bits)
            else { break }
            let bits = program.bits + extra
            looks.append(GateLook(bits: bits, acceptErrors: errors, spentAlpha: program.look(at: bits, acceptErrors: errors)))
        }
        return GatePlan(
            kind: .multiStage, targetBER: targetBER, confidence: confidence,
            maximumErrors: looks.last?.acceptErrors ?? 0, maximumBits: maximumBits, looks: looks)
    }

    /// The bits beyond the program's current look at which a look accepting `acceptErrors` spends `spend` (or
    /// just under), 0 when even there it spends less, nil when it would lie beyond `room`.
    private static func extraBits(
        program: GateDynamicProgram, acceptErrors: Int, spend: Double, room: Double
    ) -> Double? {
        func spent(_ extra: Double) -> Double { program.acceptance(after: extra, acceptErrors: acceptErrors) }
        if spent(0) <= spend { return 0 }
        if room.isFinite, spent(room) > spend { return nil }
        var low = 0.0
        var high = 1 / program.ber
        while spent(high) > spend {
            low = high
            high *= 2
            if !high.isFinite { return nil }
        }
        for _ in 0..<400 where high - low > 1e-13 * (program.bits + high) {
            let middle = 0.5 * (low + high)
            if spent(middle) > spend { low = middle } else { high = middle }
        }
        // `high` spends at most `spend`: the look never spends more than its share.
        return room.isFinite ? min(high, room) : high
    }

    /// Checks what every plan needs.
    private static func checkCommon(
        targetBER: Double, confidence: Double, maximumBits: Double
    ) throws(GatePlanError) {
        guard targetBER > 0, targetBER.isFinite else { throw .invalidTargetBER(targetBER) }
        guard confidence > 0, confidence < 1 else { throw .invalidConfidence(confidence) }
        guard maximumBits > 0 else { throw .invalidMaximumBits(maximumBits) }
    }
}
