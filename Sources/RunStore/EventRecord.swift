import Foundation

/// Something that happened during a run that is not a reading: a retry, a fault, a resume, an abort.
public struct EventRecord: Codable, Sendable, Equatable {
    /// Station clock time of the event.
    public var time: Date
    /// The step it happened in, if any.
    public var stepIndex: Int?
    /// `"retry"`, `"fault"`, `"resume"`, `"resync"`, `"interlock"`, `"abort"`, `"info"`, `"calibration"`.
    public var kind: String
    /// What happened, readable by the operator.
    public var message: String

    /// Makes an event record.
    public init(time: Date, stepIndex: Int? = nil, kind: String, message: String) {
        self.time = time
        self.stepIndex = stepIndex
        self.kind = kind
        self.message = message
    }
}
