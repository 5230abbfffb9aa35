/// A byte stream that does not carry RPC records as RFC 5531 §11 frames them.
public enum RPCRecordError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The fragments of one record add up to more than the receiver accepts.
    case recordTooLarge(size: Int, limit: Int)

    /// A one-line explanation.
    public var description: String {
        switch self {
        case .recordTooLarge(let size, let limit):
            return "RPC record marking: a record of at least \(size) byte(s) exceeds the limit of \(limit)"
        }
    }
}
