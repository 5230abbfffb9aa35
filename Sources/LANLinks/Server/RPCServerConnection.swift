import StationLinks

/// Reads RPC records from one accepted connection and writes replies (RFC 5531 §11 record marking), for the
/// portmapper and VXI-11 servers' connection threads.
struct RPCServerConnection {
    let descriptor: Int32
    let isStopped: @Sendable () -> Bool
    private var assembler = RPCRecordAssembler(maximumRecordSize: 2 << 20)

    init(descriptor: Int32, isStopped: @escaping @Sendable () -> Bool) {
        self.descriptor = descriptor
        self.isStopped = isStopped
    }

    /// The next call, or `nil` when the client left, the stream broke or the server stops.
    mutating func nextCall() -> RPCCall? {
        while !isStopped() {
            do {
                if let record = try assembler.nextRecord() {
                    guard case .call(let call) = try? RPCMessage(decoding: record) else { return nil }
                    return call
                }
                assembler.append(try DescriptorIO.readSome(descriptor, max: 65_536, timeoutMilliseconds: 100))
            } catch {
                return nil
            }
        }
        return nil
    }

    /// Sends `reply`; false when the client is gone.
    func send(_ reply: RPCReply) -> Bool {
        (try? DescriptorIO.writeAll(descriptor, RPCRecordMarking.frame(reply.encoded()), timeoutMilliseconds: 5000)) != nil
    }
}
