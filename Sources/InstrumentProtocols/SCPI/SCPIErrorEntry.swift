/// One entry of an instrument's error queue, as read with `SYST:ERR?`.
///
/// The reply form is `<n>,"<text>[;<info>]"`, with quotes inside the text doubled, e.g.
/// `-222,"Data out of range;SOUR:VOLT 99"`. An empty queue answers `0,"No error"`.
public struct SCPIErrorEntry: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The error number: 0 for no error, negative for standard SCPI errors, positive for device-specific ones.
    public var code: Int
    /// The error text, e.g. `Data out of range`.
    public var message: String
    /// Device-specific information that followed a `;` in the text, if any.
    public var info: String?

    /// The most characters of text (message, `;` and info) a reply carries, as in scpi-parser.
    public static let maximumTextLength = 255

    /// The entry an empty queue reports: `0,"No error"`.
    public static let noError = SCPIErrorEntry(code: 0, message: "No error")

    /// Creates an entry.
    public init(code: Int, message: String, info: String? = nil) {
        self.code = code
        self.message = message
        self.info = info
    }

    /// The entry for a standard SCPI error number with its standard text (`Error <n>` for unlisted numbers).
    public static func standard(_ code: Int, info: String? = nil) -> SCPIErrorEntry {
        SCPIErrorEntry(code: code, message: SCPIStandardError.message(for: code) ?? "Error \(code)", info: info)
    }

    /// Parses a `SYST:ERR?` reply.
    ///
    /// Accepts `<n>,"<text>"` with doubled quotes inside the text and an optional `;<info>` part, a leading
    /// `+` on the number, whitespace and terminators around the reply, and, leniently, an unquoted text or a
    /// bare number (older instruments send `0` or `0,No error`).
    /// - Throws: `SCPIReplyError` (command `SYST:ERR?`) when the number is missing or not an integer, or a
    ///   quoted text is unterminated or followed by anything.
    public init(reply: String) throws(SCPIReplyError) {
        let expected = #"an error entry <n>,"<text>" (e.g. -113,"Undefined header")"#
        let body = reply.trimmingLineWhitespace()
        let codeText: Substring
        let rest: Substring?
        if let comma = body.firstIndex(of: ",") {
            codeText = body[..<comma]
            rest = body[body.index(after: comma)...]
        } else {
            codeText = body
            rest = nil
        }
        guard let code = ASCIINumber.integer(codeText.trimmingLineWhitespace()) else {
            throw SCPIReplyError(command: "SYST:ERR?", reply: reply, expected: expected)
        }
        var text = ""
        if let rest {
            let trimmed = rest.trimmingLineWhitespace()
            if trimmed.first == "\"" {
                guard let (unquoted, end) = SCPIQuoting.unquote(trimmed), trimmed[end...].isEmpty else {
                    throw SCPIReplyError(command: "SYST:ERR?", reply: reply, expected: expected)
                }
                text = unquoted
            } else {
                text = String(trimmed)
            }
        }
        if let semicolon = text.firstIndex(of: ";") {
            self.init(
                code: code,
                message: String(text[..<semicolon]),
                info: String(text[text.index(after: semicolon)...]))
        } else {
            self.init(code: code, message: text)
        }
    }

    /// True for code 0, the entry an empty queue reports.
    public var isNoError: Bool { code == 0 }

    /// The `SYST:ERR?` reply a simulator sends for this entry, e.g. `-113,"Undefined header"`: quotes doubled,
    /// text (message, `;`, info) cut to `maximumTextLength` characters.
    public var reply: String {
        var text = message
        if let info { text += ";" + info }
        if text.count > Self.maximumTextLength { text = String(text.prefix(Self.maximumTextLength)) }
        return "\(code)," + SCPIQuoting.quote(text)
    }

    /// The reply form, e.g. `-222,"Data out of range"`.
    public var description: String { reply }
}
