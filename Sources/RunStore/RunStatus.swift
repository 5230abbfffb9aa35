/// Where a run stands as a whole.
public enum RunStatus: String, Codable, Sendable {
    /// The run is in progress, or its process died before it could finish (a resumable state).
    case running
    /// The run reached its end and has a PASS or FAIL verdict.
    case completed
    /// The run stopped early (station fault, abort, missing evidence); it can be resumed.
    case incomplete
}
