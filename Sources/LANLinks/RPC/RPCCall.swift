/// An ONC RPC call message (RFC 5531 §9, `call_body` with `rpcvers` 2); the procedure's arguments follow as
/// already-encoded XDR.
public struct RPCCall: Sendable, Equatable {
    /// The transaction id the reply echoes.
    public var xid: UInt32
    /// The remote program, e.g. 100000 (portmapper) or 395183 (VXI-11 DEVICE_CORE).
    public var program: UInt32
    /// The program version.
    public var version: UInt32
    /// The procedure number.
    public var procedure: UInt32
    /// The caller's credential.
    public var credential: RPCAuth
    /// The caller's verifier.
    public var verifier: RPCAuth
    /// The XDR-encoded arguments.
    public var arguments: [UInt8]

    /// The RPC protocol version this codec speaks (RFC 5531 §9).
    public static let rpcVersion: UInt32 = 2

    /// Creates a call with AUTH_NONE credential and verifier.
    public init(
        xid: UInt32, program: UInt32, version: UInt32, procedure: UInt32, arguments: [UInt8],
        credential: RPCAuth = .none, verifier: RPCAuth = .none
    ) {
        self.xid = xid
        self.program = program
        self.version = version
        self.procedure = procedure
        self.credential = credential
        self.verifier = verifier
        self.arguments = arguments
    }

    /// The message bytes (one record, before record marking).
    public func encoded() -> [UInt8] {
        var writer = XDRWriter(capacity: 40 + arguments.count)
        writer.uint32(xid)
        writer.uint32(RPCMessageType.call.rawValue)
        writer.uint32(Self.rpcVersion)
        writer.uint32(program)
        writer.uint32(version)
        writer.uint32(procedure)
        credential.encode(into: &writer)
        verifier.encode(into: &writer)
        var bytes = writer.bytes
        bytes.append(contentsOf: arguments)
        return bytes
    }

    /// Decodes the body of a call whose xid and message type have been read.
    init(xid: UInt32, body reader: inout XDRReader) throws(XDRError) {
        self.xid = xid
        let rpcVersion = try reader.uint32("rpcvers")
        guard rpcVersion == Self.rpcVersion else { throw .invalidValue(field: "rpcvers", value: rpcVersion) }
        program = try reader.uint32("prog")
        version = try reader.uint32("vers")
        procedure = try reader.uint32("proc")
        credential = try RPCAuth(from: &reader)
        verifier = try RPCAuth(from: &reader)
        arguments = reader.rest()
    }
}
