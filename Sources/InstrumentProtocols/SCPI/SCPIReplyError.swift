/// A reply from an instrument that does not have the form the command's caller expects.
///
/// It names the command that was sent and shows the reply as received (quoted, control characters escaped,
/// with hex when the reply holds anything but printable ASCII), e.g.
/// `reply to "MEAS:POW?" is not a number (NR1/NR2/NR3, e.g. 1.25E-3): "abc"`.
public struct SCPIReplyError: Error, CustomStringConvertible, Sendable, Hashable {
    /// What is wrong with the reply.
    public enum Problem: Sendable, Hashable {
        /// The reply does not have the expected form.
        case malformed
        /// The reply is the SCPI overflow value ±9.9E37 (or `INF`): the reading is over range or invalid.
        case overflow
        /// The reply is well formed but its value does not fit the requested type.
        case outOfRange
    }

    /// The command whose reply this is, e.g. `MEAS:POW?`.
    public var command: String
    /// The reply text as received.
    public var reply: String
    /// What is wrong with the reply.
    public var problem: Problem
    /// What the reply should have been, in words, e.g. `a number (NR1/NR2/NR3, e.g. 1.25E-3)`.
    public var expected: String

    /// Creates an error for `reply` to `command`.
    public init(command: String, reply: String, problem: Problem = .malformed, expected: String) {
        self.command = command
        self.reply = reply
        self.problem = problem
        self.expected = expected
    }

    /// A sentence naming the command, the problem and the reply.
    public var description: String {
        let shown = ByteRendering.describe(text: reply)
        let sent = ByteRendering.quoted(command)
        switch problem {
        case .malformed:
            return "reply to \(sent) is not \(expected): \(shown)"
        case .overflow:
            return "reply to \(sent) reports overflow (9.9E37): the reading is over range or invalid; reply \(shown)"
        case .outOfRange:
            return "reply to \(sent) is out of range for \(expected): \(shown)"
        }
    }
}
