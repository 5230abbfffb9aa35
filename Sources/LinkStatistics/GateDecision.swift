/// The verdict of a ``GatePlan`` on one lane at one reading of its counters.
public enum GateDecision: Sendable, Equatable, CustomStringConvertible {
    /// Keep counting: a later look may still accept the lane.
    case undecided
    /// The lane passes; `look` is the index of the look whose threshold it met.
    case accept(look: Int)
    /// The lane fails, and why.
    case reject(GateRejection)

    /// Whether the lane is decided either way.
    public var isDecided: Bool {
        if case .undecided = self { return false }
        return true
    }

    /// A short message for the run log.
    public var description: String {
        switch self {
        case .undecided: return "undecided"
        case .accept(let look): return "accepted at look \(look)"
        case .reject(let reason): return "rejected: \(reason)"
        }
    }
}
