/// Why a run could not be started, resumed or finished. Each case maps to the exit code DESIGN.md assigns.
public enum RunControlError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A station file, profile, argument or run directory is wrong (exit 65).
    case badInput(String)
    /// An instrument did not answer or was not the expected one (exit 69).
    case unreachable(String)
    /// A file could not be read or written (exit 74).
    case io(String)
    /// The run directory or the station is in use by another process; try again later (exit 75, EX_TEMPFAIL).
    case busy(String)

    public var description: String {
        switch self {
        case .badInput(let text), .unreachable(let text), .io(let text), .busy(let text): return text
        }
    }

    /// The process exit code for this error (sysexits.h values).
    public var exitCode: Int32 {
        switch self {
        case .badInput: return 65
        case .unreachable: return 69
        case .io: return 74
        case .busy: return 75
        }
    }
}
