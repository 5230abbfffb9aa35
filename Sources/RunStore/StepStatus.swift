/// Where one planned step stands.
public enum StepStatus: String, Codable, Sendable {
    /// Not started yet.
    case pending
    /// Started and not yet completed; after a crash, the step to repeat on resume.
    case running
    /// Completed; its latest completed attempt holds the evidence verdicts use.
    case complete
}
