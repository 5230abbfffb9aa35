import Foundation

/// An exact sequential BER gate: the looks at which a lane is judged, their thresholds, and the share of
/// α = 1 − confidence each look spends (qualification.md §3a).
///
/// A fixed-sample χ² bound checked at every poll is a sequential test whose false acceptance at a true BER equal
/// to the target exceeds 1 − CL (7.6 % to 25.8 % at 95 %). A plan fixes the looks instead, and its exact
/// P(accept | BER) comes from a Poisson dynamic program over them, so the stopping rule as a whole, not each
/// look, meets the confidence. Build plans with ``zeroError(targetBER:confidence:maximumBits:)`` or
/// ``multiStage(targetBER:confidence:maximumErrors:spending:maximumBits:)``; the sequencer and the benchmark both
/// judge lanes with ``decide(comparedBits:errors:finished:)``.
///
/// The Codable form uses the property names as keys and `kind` as `"zero-error"` or `"multi-stage"`. An uncapped
/// plan has an infinite `maximumBits`: encode it with a non-conforming-float strategy (e.g. `"Infinity"`).
public struct GatePlan: Sendable, Codable, Equatable {
    /// Which family of gate this is.
    public var kind: GatePlanKind
    /// The BER the gate proves the lane is below, e.g. 1e-12.
    public var targetBER: Double
    /// The confidence of the claim for the whole stopping rule, e.g. 0.95: P(accept | BER = target) ≤ 1 − this.
    public var confidence: Double
    /// An error count above this rejects the lane at once.
    public var maximumErrors: Int
    /// The gate's cap in compared bits (max_seconds × line rate); infinite for an uncapped gate.
    public var maximumBits: Double
    /// The looks, in increasing bits with non-decreasing `acceptErrors`.
    public var looks: [GateLook]

    /// Creates a plan from its parts, as decoded or as written by hand (e.g. the old χ²-at-every-poll rule);
    /// nothing is checked or recomputed here.
    public init(
        kind: GatePlanKind, targetBER: Double, confidence: Double, maximumErrors: Int, maximumBits: Double,
        looks: [GateLook]
    ) {
        self.kind = kind
        self.targetBER = targetBER
        self.confidence = confidence
        self.maximumErrors = maximumErrors
        self.maximumBits = maximumBits
        self.looks = looks
    }

    /// α = 1 − confidence: the false-acceptance probability the plan may spend at BER = target.
    public var alpha: Double { 1 - confidence }

    /// The default family: multi-stage.
    public static let defaultKind = GatePlanKind.multiStage
    /// The default error allowance of a multi-stage plan: lanes with 0, 1 or 2 errors can pass.
    public static let defaultMaximumErrors = 2
    /// The default shares of α per look: 90 % at look 0 (its bits are −ln(0.045)/BER at 95 %, 3.5 % above the
    /// zero-error gate), then 6 % and 4 %.
    public static let defaultSpending: [Double] = [0.9, 0.06, 0.04]
    /// The largest error allowance a multi-stage plan accepts.
    public static let largestMaximumErrors = 50

    /// The default plan: multi-stage with ``defaultMaximumErrors`` and ``defaultSpending``.
    public static func standard(
        targetBER: Double, confidence: Double, maximumBits: Double
    ) throws(GatePlanError) -> GatePlan {
        try multiStage(
            targetBER: targetBER, confidence: confidence, maximumErrors: defaultMaximumErrors,
            spending: defaultSpending, maximumBits: maximumBits)
    }
}
