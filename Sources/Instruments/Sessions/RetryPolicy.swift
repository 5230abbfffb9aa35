import StationLinks

/// How a session treats a glitch: retry a bounded number of times, report each retry, then declare a station fault.
public struct RetryPolicy: Sendable, Equatable {
    /// Attempts after the first.
    public var retries: Int
    /// Timeout for one reply.
    public var timeout: Duration

    /// Creates a policy.
    public init(retries: Int, timeout: Duration) {
        self.retries = retries
        self.timeout = timeout
    }

    /// Whether an error is a glitch worth retrying (timeout, garbled or malformed reply) rather than a hard failure.
    public static func isTransient(_ error: any Error) -> Bool {
        if let link = error as? LinkError {
            switch link.kind {
            case .timeout, .overflow, .protocolViolation: return true
            default: return false
            }
        }
        if let instrument = error as? InstrumentError { return instrument.kind == .malformedReply }
        return error is ReplyParseError
    }

    /// Whether `error` means the exchange was abandoned because its task was cancelled.
    public static func isCancellation(_ error: any Error) -> Bool {
        error is CancellationError || (error as? LinkError)?.kind == .cancelled
    }

    /// Whether an exchange that failed with `error` may have left its reply on the way: a glitch, and also a
    /// cancelled exchange (in a batch the next query is another socket's, and must not read this one's reply).
    /// A line session resynchronises before its next exchange after such an error.
    public static func mayLeaveReplyInFlight(_ error: any Error) -> Bool {
        isTransient(error) || isCancellation(error)
    }
}

/// A reply that could not be parsed as the expected value.
public struct ReplyParseError: Error, CustomStringConvertible, Sendable {
    /// The command whose reply it was.
    public var command: String
    /// What was expected.
    public var expected: String
    /// The reply as received.
    public var reply: String

    /// Creates a parse error.
    public init(command: String, expected: String, reply: String) {
        self.command = command
        self.expected = expected
        self.reply = reply
    }

    public var description: String { "reply to \(command.debugDescription) is not \(expected): \(reply.debugDescription)" }
}
