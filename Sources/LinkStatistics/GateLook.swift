/// One look of a ``GatePlan``: the compared bits at which a lane's error count is judged.
public struct GateLook: Sendable, Codable, Equatable {
    /// Compared bits at which the look is taken; a gate runner reads counters at or after this point.
    public var bits: Double
    /// The lane is accepted here if its errors so far are at most this.
    public var acceptErrors: Int
    /// Exact P(accept at exactly this look, not before | BER = target): the share of α the look spends.
    public var spentAlpha: Double

    /// Creates a look.
    public init(bits: Double, acceptErrors: Int, spentAlpha: Double) {
        self.bits = bits
        self.acceptErrors = acceptErrors
        self.spentAlpha = spentAlpha
    }
}
