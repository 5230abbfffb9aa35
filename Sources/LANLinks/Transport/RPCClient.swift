import StationLinks

/// An ONC RPC client over one TCP connection (RFC 5531, record marking of §11): sends calls and waits for the
/// reply with the same xid. The actor owns the connection, so calls never interleave.
actor RPCClient {
    private let link: TCPLink
    private let host: String
    private let device: String
    private var xid: UInt32

    /// Connects to `host:port`.
    static func connect(host: String, port: UInt16, device: String, timeout: Duration, resource: ResourceString) async throws -> RPCClient {
        let link = try await TCPLink.connect(host: host, port: port, timeout: timeout, resource: resource)
        return RPCClient(link: link, host: host, device: device)
    }

    private init(link: TCPLink, host: String, device: String) {
        self.link = link
        self.host = host
        self.device = device
        self.xid = UInt32.random(in: 1...0x7FFF_FFFF)
    }

    /// Calls `procedure` of `program`/`version` with `arguments` and returns the decoded results.
    /// - Throws: ``StationLinks/LinkError`` from the connection, ``LANLinkError`` when the call is not accepted or
    ///   the reply does not decode.
    func call<Result: XDRCodable>(
        program: UInt32, version: UInt32, procedure: UInt32, operation: String, protocolName: LANProtocol,
        arguments: some XDRCodable, timeout: Duration, returning: Result.Type
    ) async throws -> Result {
        xid &+= 1
        let call = RPCCall(xid: xid, program: program, version: version, procedure: procedure,
                           arguments: arguments.xdrEncoded())
        let deadline = ContinuousClock.now + timeout
        try await link.write(RPCRecordMarking.frame(call.encoded()), timeout: timeout)
        while true {
            let record = try await readRecord(deadline: deadline)
            let message: RPCMessage
            do { message = try RPCMessage(decoding: record) } catch {
                throw failure(operation, nil, "the reply does not decode: \(error)")
            }
            guard case .reply(let reply) = message, reply.xid == call.xid else { continue }
            guard case .success(let results) = reply.status else {
                throw failure(operation, nil, "the call was not accepted: \(reply.status)")
            }
            do { return try Result(xdr: results) } catch {
                throw LANLinkError(host: host, device: device, protocolName: protocolName, operation: operation,
                                   code: nil, detail: "the result does not decode: \(error)")
            }
        }
    }

    /// Closes the connection.
    func close() async { await link.close() }

    private func readRecord(deadline: ContinuousClock.Instant) async throws -> [UInt8] {
        var record: [UInt8] = []
        while true {
            let header = try await link.read(exactly: 4, timeout: deadline.timeLeft)
            let value = UInt32(header[0]) << 24 | UInt32(header[1]) << 16 | UInt32(header[2]) << 8 | UInt32(header[3])
            let length = Int(value & ~RPCRecordMarking.lastFragmentBit)
            guard record.count + length <= 1 << 24 else {
                throw failure("read reply", nil, RPCRecordError.recordTooLarge(size: record.count + length, limit: 1 << 24).description)
            }
            if length > 0 { record += try await link.read(exactly: length, timeout: deadline.timeLeft) }
            if value & RPCRecordMarking.lastFragmentBit != 0 { return record }
        }
    }

    private func failure(_ operation: String, _ code: Int32?, _ detail: String) -> LANLinkError {
        LANLinkError(host: host, device: device, protocolName: .rpc, operation: operation, code: code, detail: detail)
    }
}
