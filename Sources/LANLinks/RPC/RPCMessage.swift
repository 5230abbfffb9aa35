/// One ONC RPC message (RFC 5531 §9): a call or a reply, as decoded from one record.
public enum RPCMessage: Sendable, Equatable {
    /// A call.
    case call(RPCCall)
    /// A reply.
    case reply(RPCReply)

    /// Decodes one record.
    public init(decoding record: [UInt8]) throws(XDRError) {
        var reader = XDRReader(record)
        let xid = try reader.uint32("xid")
        let type = try reader.uint32("msg_type")
        switch type {
        case RPCMessageType.call.rawValue: self = .call(try RPCCall(xid: xid, body: &reader))
        case RPCMessageType.reply.rawValue: self = .reply(try RPCReply(xid: xid, body: &reader))
        default: throw .invalidValue(field: "msg_type", value: type)
        }
    }
}
