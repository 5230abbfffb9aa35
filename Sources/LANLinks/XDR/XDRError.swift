/// Bytes that do not decode as the XDR (RFC 4506) structure expected of them.
///
/// Every case names the field being decoded, so that a rejected RPC record, VXI-11 reply or HiSLIP message says
/// where it went wrong.
public enum XDRError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The input ended `needed` bytes into a field of which only `available` bytes were present.
    case truncated(field: String, needed: Int, available: Int)
    /// A field held a value its type does not allow (a boolean other than 0 or 1, an unknown enum value).
    case invalidValue(field: String, value: UInt32)
    /// A variable-length field declared `length` bytes, more than its limit `limit`.
    case tooLong(field: String, length: UInt32, limit: Int)
    /// Bytes were left over after the last field.
    case trailingBytes(field: String, count: Int)

    /// A one-line explanation naming the field.
    public var description: String {
        switch self {
        case .truncated(let field, let needed, let available):
            return "XDR: \(field) needs \(needed) byte(s) but only \(available) remain"
        case .invalidValue(let field, let value):
            return "XDR: \(field) has the invalid value \(value)"
        case .tooLong(let field, let length, let limit):
            return "XDR: \(field) declares \(length) byte(s), more than the limit of \(limit)"
        case .trailingBytes(let field, let count):
            return "XDR: \(count) unexpected byte(s) after \(field)"
        }
    }
}
