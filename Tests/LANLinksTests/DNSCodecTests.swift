import LANLinks
import Testing

@Suite struct DNSCodecTests {
    /// A response as an mDNS responder sends it: PTR, then SRV and A in the additional section, names compressed.
    static func response() -> [UInt8] {
        var bytes: [UInt8] = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 2]
        let serviceOffset = bytes.count
        bytes += [4] + Array("_lxi".utf8) + [4] + Array("_tcp".utf8) + [5] + Array("local".utf8) + [0]
        bytes += [0, 12, 0, 1, 0, 0, 0x11, 0x94]
        let instance: [UInt8] = [3] + Array("Box".utf8) + [0xC0, UInt8(serviceOffset)]
        bytes += [0, UInt8(instance.count)] + instance
        let instanceOffset = bytes.count - instance.count
        bytes += [0xC0, UInt8(instanceOffset), 0, 33, 0x80, 1, 0, 0, 0, 120]
        let target: [UInt8] = [3] + Array("box".utf8) + [0xC0, UInt8(serviceOffset + 10)]
        bytes += [0, UInt8(6 + target.count), 0, 0, 0, 0, 0, 80] + target
        let targetOffset = bytes.count - target.count
        bytes += [0xC0, UInt8(targetOffset), 0, 1, 0x80, 1, 0, 0, 0, 120, 0, 4, 10, 77, 0, 2]
        return bytes
    }

    @Test func aQueryAsksForPointerRecords() {
        let query = DNSMessageCodec.query(id: 7, pointerNames: ["_lxi._tcp.local"])
        #expect(Array(query.prefix(6)) == [0, 7, 0, 0, 0, 1])
        #expect(Array(query.suffix(4)) == [0, 12, 0, 1])
    }

    @Test func aResponseDecodesWithCompressedNames() throws {
        let records = try DNSMessageCodec.records(in: Self.response())
        #expect(records.contains(DNSRecord(name: "_lxi._tcp.local", data: .pointer("Box._lxi._tcp.local"))))
        #expect(records.contains(DNSRecord(name: "Box._lxi._tcp.local", data: .service(target: "box.local", port: 80))))
        #expect(records.contains(DNSRecord(name: "box.local", data: .address("10.77.0.2"))))
    }

    @Test func aPointerLoopIsRefusedAndRandomInputNeverTraps() {
        var loop: [UInt8] = [0, 0, 0x84, 0, 0, 0, 0, 1, 0, 0, 0, 0]
        loop += [0xC0, 12]
        #expect(throws: DNSDecodingError.self) { try DNSMessageCodec.records(in: loop) }
        var random = FuzzRandom(state: 0xD45)
        let seed = Self.response()
        for index in 0..<5000 {
            let input = index % 2 == 0 ? random.bytes(Int.random(in: 0..<64, using: &random)) : random.mutate(seed)
            _ = try? DNSMessageCodec.records(in: input)
        }
    }
}
