/// A problem talking to an Espec P-300 / SCP-220 controller.
public enum EspecError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The controller refused the command with `NA:<message>`, e.g. `NA:DATA OUT OF RANGE`.
    case notAccepted(command: String, message: String)
    /// The reply does not have the form the command's reply has.
    case malformedReply(command: String, reply: String, expected: String)
    /// A command that cannot be built (a value that is not finite, a bad program number or address).
    case invalidCommand(command: String, reason: String)
    /// Server side: a received line that is not a command the simulator knows.
    case unrecognizedCommand(line: String, reason: String)

    /// Meanings of the controller's `NA:` messages (ChamberConnectLibrary `especinteract.py`).
    static let explanations: [String: String] = [
        "CMD ERR": "unrecognized command",
        "ADDR ERR": "bad address",
        "PARA ERR": "parameter missing or unrecognizable",
        "DATA OUT OF RANGE": "data not within the valid range",
        "DATA NOT READY": "the specified program does not exist",
        "PROTECT ON": "data protection is enabled on the controller panel",
        "INVALID REQ": "unsupported function",
        "CHB NOT READY": "the chamber could not act on the command",
        "CONT NOT READY-1": "the chamber does not support PTCON/humidity",
        "CONT NOT READY-2": "the chamber is not running a program",
        "CONT NOT READY-3": "command not supported by this controller",
    ]

    /// A sentence naming the command and what went wrong.
    public var description: String {
        switch self {
        case .notAccepted(let command, let message):
            let meaning = Self.explanations[message].map { " (\($0))" } ?? ""
            return "Espec controller refused \(ByteRendering.quoted(command)): NA:\(message)\(meaning)"
        case .malformedReply(let command, let reply, let expected):
            return "Espec reply to \(ByteRendering.quoted(command)) is not \(expected): "
                + ByteRendering.describe(text: reply)
        case .invalidCommand(let command, let reason):
            return "cannot send Espec command \(command): \(reason)"
        case .unrecognizedCommand(let line, let reason):
            return "unrecognized Espec command \(ByteRendering.describe(text: line)): \(reason)"
        }
    }
}
