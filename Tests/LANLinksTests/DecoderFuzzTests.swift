import LANLinks
import Testing

/// A fixed-seed generator (SplitMix64) so that every fuzz run feeds the decoders the same inputs.
struct FuzzRandom: RandomNumberGenerator {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func bytes(_ count: Int) -> [UInt8] { (0..<count).map { _ in UInt8.random(in: 0...255, using: &self) } }

    /// `seed` with a few bytes flipped, dropped, inserted or a length-like field set to an extreme.
    mutating func mutate(_ seed: [UInt8]) -> [UInt8] {
        var bytes = seed
        for _ in 0..<Int.random(in: 1...4, using: &self) {
            switch Int.random(in: 0..<5, using: &self) {
            case 0 where !bytes.isEmpty: bytes[Int.random(in: 0..<bytes.count, using: &self)] ^= UInt8.random(in: 1...255, using: &self)
            case 1 where !bytes.isEmpty: bytes.remove(at: Int.random(in: 0..<bytes.count, using: &self))
            case 2: bytes.insert(UInt8.random(in: 0...255, using: &self), at: Int.random(in: 0...bytes.count, using: &self))
            case 3 where bytes.count >= 4:
                let at = Int.random(in: 0...(bytes.count - 4), using: &self) & ~3
                let extreme: [UInt8] = [[0xFF, 0xFF, 0xFF, 0xFF], [0x7F, 0xFF, 0xFF, 0xFF], [0x80, 0, 0, 0]][Int.random(in: 0..<3, using: &self)]
                bytes.replaceSubrange(at..<(at + 4), with: extreme)
            default: bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &self)))
            }
        }
        return bytes
    }
}

@Suite struct DecoderFuzzTests {
    static let cases = 5000

    @Test func xdrAndRPCDecodersSurviveRandomAndMutatedInput() {
        var random = FuzzRandom(state: 0x5153_1411)
        let seeds: [[UInt8]] = [
            RPCCall(xid: 1, program: 100_000, version: 2, procedure: 3,
                    arguments: PortmapperMapping(program: 395_183, version: 1).xdrEncoded()).encoded(),
            RPCReply(xid: 1, status: .success(results: VXI11DeviceReadResponse(error: .noError, reason: .end, data: [1, 2, 3]).xdrEncoded())).encoded(),
            VXI11CreateLinkParameters(clientID: 1, lockDevice: true, lockTimeout: 5, device: "inst0").xdrEncoded(),
            VXI11DeviceWriteParameters(link: 1, ioTimeout: 1, lockTimeout: 1, flags: .end, data: [65, 10]).xdrEncoded(),
        ]
        var decoded = 0
        for index in 0..<Self.cases {
            let input = index % 3 == 0 ? random.bytes(Int.random(in: 0..<96, using: &random))
                : random.mutate(seeds[index % seeds.count])
            if (try? RPCMessage(decoding: input)) != nil { decoded += 1 }
            _ = try? VXI11CreateLinkParameters(xdr: input)
            _ = try? VXI11CreateLinkResponse(xdr: input)
            _ = try? VXI11DeviceWriteParameters(xdr: input)
            _ = try? VXI11DeviceReadParameters(xdr: input)
            _ = try? VXI11DeviceReadResponse(xdr: input)
            _ = try? VXI11DeviceGenericParameters(xdr: input)
            _ = try? VXI11DeviceLockParameters(xdr: input)
            _ = try? PortmapperMapping(xdr: input)
        }
        #expect(decoded > 0)
    }

    @Test func recordMarkingSurvivesRandomAndMutatedStreams() {
        var random = FuzzRandom(state: 0xC0FF_EE11)
        let seed = RPCRecordMarking.frame(Array(0..<40).map { UInt8($0) }, fragmentSize: 12)
        for index in 0..<Self.cases {
            let stream = index % 2 == 0 ? random.bytes(Int.random(in: 0..<64, using: &random)) : random.mutate(seed)
            var assembler = RPCRecordAssembler(maximumRecordSize: 4096)
            var at = 0
            var records = 0
            // Feed in random-sized pieces; every call either returns or throws, and the loop always advances.
            while at < stream.count {
                let piece = Int.random(in: 1...8, using: &random)
                assembler.append(Array(stream[at..<min(stream.count, at + piece)]))
                at += piece
                do {
                    while try assembler.nextRecord() != nil { records += 1 }
                } catch {
                    break
                }
            }
            #expect(records <= stream.count / 4 + 1)
        }
    }

    @Test func hislipAssemblerSurvivesRandomAndMutatedStreams() {
        var random = FuzzRandom(state: 0x4853_0001)
        let seed = HiSLIPMessage.initialize(subAddress: "hislip0").encoded()
            + HiSLIPMessage.data(Array("*IDN?\n".utf8), messageID: 0xFFFF_FF00, end: true).encoded()
            + HiSLIPMessage.asyncLockRequest(timeoutMilliseconds: 10, sharedName: "x").encoded()
        for index in 0..<Self.cases {
            let stream = index % 2 == 0 ? random.bytes(Int.random(in: 0..<80, using: &random)) : random.mutate(seed)
            var assembler = HiSLIPMessageAssembler(maximumPayloadSize: 1024)
            assembler.append(stream)
            var messages = 0
            do {
                while let message = try assembler.nextMessage() {
                    messages += 1
                    _ = message.maximumMessageSize
                    _ = message.messageType.description
                }
            } catch {}
            #expect(messages <= stream.count / HiSLIPHeader.size)
        }
    }
}
