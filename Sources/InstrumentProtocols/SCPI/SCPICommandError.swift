/// A received command that a simulator cannot accept, with the standard SCPI error it should queue.
///
/// The description gives number, standard text, the offending command and what was wrong, e.g.
/// `-104 Data type error in "SOUR:VOLT abc": expected a number, got "abc"`. Queue it with `entry`.
public struct SCPICommandError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The standard SCPI error this is.
    public var error: SCPIStandardError
    /// What exactly was wrong, e.g. `expected a number, got "abc"`.
    public var detail: String
    /// The command (program message unit) or message it concerns, as received.
    public var command: String

    /// Creates an error.
    public init(_ error: SCPIStandardError, detail: String, command: String = "") {
        self.error = error
        self.detail = detail
        self.command = command
    }

    /// The error-queue entry: the standard number and text, with the detail as device information,
    /// e.g. `-104,"Data type error;expected a number, got ""abc"""`.
    public var entry: SCPIErrorEntry { error.entry(info: detail) }

    /// A sentence with number, standard text, command and detail.
    public var description: String {
        let place = command.isEmpty ? "" : " in " + ByteRendering.quoted(command)
        return "\(error.rawValue) \(error.message)\(place): \(detail)"
    }
}
