import Foundation

/// Why ``GatePlan/decide(comparedBits:errors:finished:)`` failed a lane.
public enum GateRejection: Sendable, Equatable, CustomStringConvertible {
    /// More errors than the plan allows at all.
    case tooManyErrors(errors: Int, maximumErrors: Int)
    /// The errors exceed the threshold of every look still to come, so no later look can accept.
    case noLookCanAccept(errors: Int)
    /// The lane is past the final look with more errors than that look accepts.
    case notAcceptedAtFinalLook(errors: Int, acceptErrors: Int)
    /// The gate reached its maximum before a look that could accept the lane.
    case gateEnded(comparedBits: Double, errors: Int)

    /// A message for the run log and the certificate.
    public var description: String {
        switch self {
        case .tooManyErrors(let errors, let maximum):
            return "\(errors) errors, more than the gate plan's maximum of \(maximum)"
        case .noLookCanAccept(let errors):
            return "\(errors) errors, more than any remaining look of the gate plan accepts"
        case .notAcceptedAtFinalLook(let errors, let accept):
            return "\(errors) errors at the final look of the gate plan, which accepts at most \(accept)"
        case .gateEnded(let bits, let errors):
            return String(format: "gate maximum reached after %.4g compared bits with %d errors, before a look that could accept", bits, errors)
        }
    }
}
