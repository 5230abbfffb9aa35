/// The family of sequential BER gate a ``GatePlan`` belongs to (qualification.md §3a).
public enum GatePlanKind: String, Codable, Sendable {
    /// One look at −ln(1 − CL)/BER bits accepting only zero errors; the gate stops early only to fail.
    case zeroError = "zero-error"
    /// Looks k = 0…K accepting k errors, placed by spending α = 1 − CL look by look.
    case multiStage = "multi-stage"
}
