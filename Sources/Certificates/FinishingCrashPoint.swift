import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The stages of finishing a run, where a debug build can be made to die as if killed with `kill -9`, to test that
/// `qualstation resume` always finishes the job.
///
/// Set `QUALSTATION_CRASH_AT` to a stage's name; a release build ignores it.
public enum FinishingCrashPoint: String, CaseIterable, Sendable {
    /// The sequencer has stopped; nothing of the verdict is recorded yet.
    case sequenceDone = "sequence-done"
    /// The verdict is in run.sqlite; the verdict event is not.
    case verdictRecorded = "verdict-recorded"
    /// The verdict event is recorded; no certificate file is written.
    case verdictLogged = "verdict-logged"
    /// certificate.json is written to its temporary file but not renamed into place.
    case jsonTemporary = "json-temporary"
    /// certificate.json is in place; certificate.html is not.
    case jsonWritten = "json-written"
    /// certificate.html is in place; certificate.jws is not.
    case htmlWritten = "html-written"
    /// certificate.jws is written to its temporary file but not renamed into place.
    case jwsTemporary = "jws-temporary"
    /// Every certificate file is in place.
    case jwsWritten = "jws-written"

    /// The environment variable naming the stage to die at.
    public static let environmentVariable = "QUALSTATION_CRASH_AT"

    /// In a debug build, kills this process with SIGKILL when `QUALSTATION_CRASH_AT` names this stage.
    public func reach() {
        #if DEBUG
        if ProcessInfo.processInfo.environment[Self.environmentVariable] == rawValue {
            _ = kill(getpid(), SIGKILL)
        }
        #endif
    }
}
