/// A DNS message (RFC 1035 §4) that cannot be decoded: cut short, or a name whose compression pointers loop or
/// run outside the message.
public enum DNSDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The message ended inside `field`.
    case truncated(field: String)
    /// A name's compression pointers loop, point outside the message, or the name is longer than 255 bytes.
    case badName(offset: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .truncated(let field): return "DNS: the message ends inside \(field)"
        case .badName(let offset): return "DNS: the name at offset \(offset) is malformed (loop, bad pointer or too long)"
        }
    }
}
