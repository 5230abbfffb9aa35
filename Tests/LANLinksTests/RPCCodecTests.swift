import LANLinks
import Testing

@Suite struct RPCCodecTests {
    @Test func recordMarkingSplitsAndReassemblesFragments() throws {
        let record = Array(0..<10).map { UInt8($0) }
        let framed = RPCRecordMarking.frame(record, fragmentSize: 4)
        #expect(framed.prefix(8) == [0, 0, 0, 4, 0, 1, 2, 3])
        #expect(Array(framed[16..<20]) == [0x80, 0, 0, 2])
        var assembler = RPCRecordAssembler()
        for byte in framed {
            #expect(try assembler.nextRecord() == nil)
            assembler.append([byte])
        }
        #expect(try assembler.nextRecord() == record)
        #expect(try assembler.nextRecord() == nil)
    }

    @Test func anOversizedRecordIsRefusedFromItsHeader() {
        var assembler = RPCRecordAssembler(maximumRecordSize: 1000)
        assembler.append([0x80, 0, 0x10, 0])
        #expect(throws: RPCRecordError.recordTooLarge(size: 4096, limit: 1000)) { try assembler.nextRecord() }
    }

    @Test func aPortmapperGetPortCallHasTheRFC5531Layout() throws {
        let mapping = PortmapperMapping(program: VXI11Program.deviceCore, version: 1)
        let call = RPCCall(xid: 7, program: PortmapperMapping.program, version: 2,
                           procedure: PortmapperMapping.procedureGetPort, arguments: mapping.xdrEncoded())
        let bytes = call.encoded()
        // xid, CALL, rpcvers 2, prog 100000, vers 2, proc 3, AUTH_NONE x2, then the mapping.
        #expect(Array(bytes.prefix(24)) == [0, 0, 0, 7, 0, 0, 0, 0, 0, 0, 0, 2, 0, 1, 0x86, 0xA0, 0, 0, 0, 2, 0, 0, 0, 3])
        #expect(bytes.count == 40 + 16)
        guard case .call(let decoded) = try RPCMessage(decoding: bytes) else {
            Issue.record("not a call")
            return
        }
        #expect(decoded == call)
        #expect(try PortmapperMapping(xdr: decoded.arguments) == mapping)
    }

    @Test func repliesRoundTripForEveryStatus() throws {
        let statuses: [RPCReply.Status] = [
            .success(results: [0, 0, 0x10, 0]), .programUnavailable, .programMismatch(low: 1, high: 1),
            .procedureUnavailable, .garbageArguments, .systemError, .rpcMismatch(low: 2, high: 2),
            .authenticationError(1),
        ]
        for status in statuses {
            let reply = RPCReply(xid: 99, status: status)
            #expect(try RPCMessage(decoding: reply.encoded()) == .reply(reply))
        }
    }
}
