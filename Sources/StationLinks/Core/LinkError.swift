/// A failure on a ``ByteLink``, with the resource, the operation and whatever bytes had arrived.
public struct LinkError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The operation's timeout passed.
        case timeout
        /// The peer went away: the pty was closed, the TCP connection reset, the USB device unplugged.
        case hangup
        /// The link was closed by this side.
        case closed
        /// The device could not be opened (missing, busy, no permission); carries `errno` when there is one.
        case cannotOpen(errno: Int32)
        /// Connecting to a network instrument failed; carries `errno`.
        case connectFailed(errno: Int32)
        /// More than the allowed number of bytes arrived without a terminator.
        case overflow
        /// The operating system reported an error; carries `errno`.
        case io(errno: Int32)
        /// The operation was cancelled.
        case cancelled
        /// The transport rejected a frame (USBTMC header, tag or size mismatch).
        case protocolViolation
    }

    /// What went wrong.
    public var kind: Kind
    /// The resource string of the link.
    public var resource: String
    /// The operation, e.g. `read until 0x0A` or `connect`.
    public var operation: String
    /// Bytes received before the failure (partial reply), if any.
    public var received: [UInt8]
    /// Extra detail, e.g. the operating system's message.
    public var detail: String

    /// Creates a link error.
    public init(_ kind: Kind, resource: String, operation: String, received: [UInt8] = [], detail: String = "") {
        self.kind = kind
        self.resource = resource
        self.operation = operation
        self.received = received
        self.detail = detail
    }

    public var description: String {
        var text = "\(resource): \(operation): \(kindText)"
        if !detail.isEmpty { text += " (\(detail))" }
        if !received.isEmpty { text += "; received \(received.count) byte(s): \(HexDump.render(received))" }
        return text
    }

    private var kindText: String {
        switch kind {
        case .timeout: return "timed out"
        case .hangup: return "the instrument hung up (cable unplugged, device gone or peer closed)"
        case .closed: return "the link is closed"
        case .cannotOpen(let errno): return "cannot open (\(ErrnoText.describe(errno)))"
        case .connectFailed(let errno): return "cannot connect (\(ErrnoText.describe(errno)))"
        case .overflow: return "no terminator within the allowed length"
        case .io(let errno): return "I/O error (\(ErrnoText.describe(errno)))"
        case .cancelled: return "cancelled"
        case .protocolViolation: return "transport protocol violation"
        }
    }
}
