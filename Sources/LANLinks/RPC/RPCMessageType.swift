/// The `msg_type` of an ONC RPC message (RFC 5531 §9).
public enum RPCMessageType: UInt32, Sendable {
    /// A call.
    case call = 0
    /// A reply.
    case reply = 1
}
