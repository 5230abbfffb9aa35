/// Bytes that are not a HiSLIP message as IVI-6.1 message format frames it.
public enum HiSLIPDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The header did not start with the prologue "HS"; the two bytes found are given.
    case badPrologue(UInt8, UInt8)
    /// The header announces a payload larger than the receiver accepts (the "Message too large" error).
    case payloadTooLarge(length: UInt64, limit: Int)
    /// Fewer than 16 bytes were given for a header.
    case shortHeader(count: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .badPrologue(let first, let second):
            return "HiSLIP: the header starts with 0x\(String(first, radix: 16)) 0x\(String(second, radix: 16)), not \"HS\""
        case .payloadTooLarge(let length, let limit):
            return "HiSLIP: a payload of \(length) byte(s) exceeds the limit of \(limit)"
        case .shortHeader(let count):
            return "HiSLIP: a header needs 16 bytes, \(count) given"
        }
    }
}
