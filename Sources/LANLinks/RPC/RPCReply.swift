/// An ONC RPC reply message (RFC 5531 §9, `reply_body`), accepted or denied.
public struct RPCReply: Sendable, Equatable {
    /// How the server answered.
    public enum Status: Sendable, Equatable {
        /// The procedure ran; its XDR-encoded results follow (`SUCCESS`).
        case success(results: [UInt8])
        /// The program is not exported (`PROG_UNAVAIL`).
        case programUnavailable
        /// The program version is not supported; the supported range is given (`PROG_MISMATCH`).
        case programMismatch(low: UInt32, high: UInt32)
        /// The procedure does not exist (`PROC_UNAVAIL`).
        case procedureUnavailable
        /// The arguments could not be decoded (`GARBAGE_ARGS`).
        case garbageArguments
        /// The server failed, e.g. out of memory (`SYSTEM_ERR`).
        case systemError
        /// Denied: the RPC version is not supported (`RPC_MISMATCH`).
        case rpcMismatch(low: UInt32, high: UInt32)
        /// Denied: authentication failed with the given `auth_stat`.
        case authenticationError(UInt32)
    }

    /// The transaction id of the call answered.
    public var xid: UInt32
    /// The outcome.
    public var status: Status
    /// The server's verifier (accepted replies only).
    public var verifier: RPCAuth

    /// Creates a reply.
    public init(xid: UInt32, status: Status, verifier: RPCAuth = .none) {
        self.xid = xid
        self.status = status
        self.verifier = verifier
    }

    /// The message bytes (one record, before record marking).
    public func encoded() -> [UInt8] {
        var writer = XDRWriter()
        writer.uint32(xid)
        writer.uint32(RPCMessageType.reply.rawValue)
        switch status {
        case .rpcMismatch(let low, let high):
            writer.uint32(1)  // MSG_DENIED
            writer.uint32(0)  // RPC_MISMATCH
            writer.uint32(low)
            writer.uint32(high)
            return writer.bytes
        case .authenticationError(let stat):
            writer.uint32(1)  // MSG_DENIED
            writer.uint32(1)  // AUTH_ERROR
            writer.uint32(stat)
            return writer.bytes
        default:
            break
        }
        writer.uint32(0)  // MSG_ACCEPTED
        verifier.encode(into: &writer)
        switch status {
        case .success(let results):
            writer.uint32(0)
            return writer.bytes + results
        case .programUnavailable:
            writer.uint32(1)
        case .programMismatch(let low, let high):
            writer.uint32(2)
            writer.uint32(low)
            writer.uint32(high)
        case .procedureUnavailable:
            writer.uint32(3)
        case .garbageArguments:
            writer.uint32(4)
        case .systemError, .rpcMismatch, .authenticationError:
            writer.uint32(5)
        }
        return writer.bytes
    }

    /// Decodes the body of a reply whose xid and message type have been read.
    init(xid: UInt32, body reader: inout XDRReader) throws(XDRError) {
        self.xid = xid
        verifier = .none
        let replyStatus = try reader.uint32("reply_stat")
        switch replyStatus {
        case 0:
            verifier = try RPCAuth(from: &reader)
            let acceptStatus = try reader.uint32("accept_stat")
            switch acceptStatus {
            case 0: status = .success(results: reader.rest())
            case 1: status = .programUnavailable
            case 2: status = .programMismatch(low: try reader.uint32("mismatch low"), high: try reader.uint32("mismatch high"))
            case 3: status = .procedureUnavailable
            case 4: status = .garbageArguments
            case 5: status = .systemError
            default: throw .invalidValue(field: "accept_stat", value: acceptStatus)
            }
        case 1:
            let rejectStatus = try reader.uint32("reject_stat")
            switch rejectStatus {
            case 0: status = .rpcMismatch(low: try reader.uint32("mismatch low"), high: try reader.uint32("mismatch high"))
            case 1: status = .authenticationError(try reader.uint32("auth_stat"))
            default: throw .invalidValue(field: "reject_stat", value: rejectStatus)
            }
        default:
            throw .invalidValue(field: "reply_stat", value: replyStatus)
        }
    }
}
