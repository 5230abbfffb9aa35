import Foundation

/// One planned step of a run and how far it got.
public struct StepRecord: Codable, Sendable, Equatable {
    /// 0-based order in the plan.
    public var index: Int
    /// The kind of step, for example `"temperature-point"` or `"burn-in-read-point"`.
    public var kind: String
    /// A readable name, for example `"25 °C (1)"`.
    public var name: String
    /// The chamber setpoint of the step, when it has one.
    public var setpointCelsius: Double?
    /// Where the step stands.
    public var status: StepStatus
    /// 0 until started; incremented each time the step (re)starts.
    public var attempt: Int
    /// When the current attempt started.
    public var startedAt: Date?
    /// When the step last completed; `nil` while its current attempt runs.
    public var endedAt: Date?

    /// Makes a step record; a planned step is `pending` with attempt 0 and no times.
    public init(
        index: Int, kind: String, name: String, setpointCelsius: Double? = nil,
        status: StepStatus = .pending, attempt: Int = 0, startedAt: Date? = nil, endedAt: Date? = nil
    ) {
        self.index = index
        self.kind = kind
        self.name = name
        self.setpointCelsius = setpointCelsius
        self.status = status
        self.attempt = attempt
        self.startedAt = startedAt
        self.endedAt = endedAt
    }
}
