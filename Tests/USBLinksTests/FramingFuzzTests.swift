import Testing
@testable import USBLinks

/// SplitMix64: a small deterministic generator so the fuzz cases are the same on every run.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// Random and mutated Bulk-IN frames: every one decodes or throws a typed error, never crashes, and whatever
/// decodes obeys the rules the decoder promises.
@Suite("USBTMC framing fuzz")
struct FramingFuzzTests {
    /// A valid reply to `tag` carrying `data`, padded to a multiple of 4.
    static func frame(tag: UInt8, data: [UInt8], endOfMessage: Bool) -> [UInt8] {
        var bytes = USBTMCBulkOutHeader(messageID: .devDepMsgIn, tag: tag, transferSize: UInt32(data.count),
                                        attributes: endOfMessage ? 1 : 0).encode(payload: data)
        bytes[9] = 0
        return bytes
    }

    static func randomBytes(count: Int, using random: inout SeededGenerator) -> [UInt8] {
        (0..<count).map { _ in UInt8.random(in: 0...255, using: &random) }
    }

    /// Checks the decoder's promises for one input.
    static func check(_ bytes: [UInt8], expectedTag: UInt8, requestedSize: UInt32) -> Bool {
        do {
            let message = try USBTMCBulkInMessage.decode(bytes, expectedTag: expectedTag, requestedSize: requestedSize)
            return bytes.count >= 12 && bytes[0] == 2 && message.tag == expectedTag && bytes[2] == ~bytes[1]
                && message.transferSize <= requestedSize
                && message.data.count <= Int(message.transferSize)
                && message.data.count <= bytes.count - 12
                && message.data == Array(bytes[12..<(12 + message.data.count)])
                && message.isEndOfMessage == (bytes[8] & 1 == 1)
        } catch {
            return error.bytes == bytes && !error.description.isEmpty
        }
    }

    @Test("5000 random byte strings decode or fail with a typed error")
    func randomFrames() {
        var random = SeededGenerator(seed: 0x5153_5441_5449_4F4E)
        var decoded = 0
        for _ in 0..<5000 {
            let count = Int.random(in: 0...48, using: &random)
            var bytes = Self.randomBytes(count: count, using: &random)
            // Bias a third of the cases towards plausible headers so the deeper checks are reached.
            if count >= 12 && Bool.random(using: &random) {
                bytes[0] = 2
                bytes[2] = ~bytes[1]
                bytes[5...7] = [0, 0, 0]
            }
            let tag = Bool.random(using: &random) && count > 1 ? bytes[1] : UInt8.random(in: 1...255, using: &random)
            let requested = UInt32.random(in: 0...64, using: &random)
            #expect(Self.check(bytes, expectedTag: tag, requestedSize: requested))
            if (try? USBTMCBulkInMessage.decode(bytes, expectedTag: tag, requestedSize: requested)) != nil {
                decoded += 1
            }
        }
        #expect(decoded > 0, "the biased cases should sometimes be valid")
    }

    @Test("5000 mutations of valid frames decode or fail with a typed error")
    func mutatedFrames() {
        var random = SeededGenerator(seed: 2450)
        var rejected = 0
        for _ in 0..<5000 {
            let tag = UInt8.random(in: 1...255, using: &random)
            let data = Self.randomBytes(count: Int.random(in: 0...40, using: &random), using: &random)
            var bytes = Self.frame(tag: tag, data: data, endOfMessage: Bool.random(using: &random))
            switch Int.random(in: 0..<5, using: &random) {
            case 0:
                let index = Int.random(in: 0..<bytes.count, using: &random)
                bytes[index] ^= 1 << UInt8.random(in: 0..<8, using: &random)
            case 1:
                bytes = Array(bytes.prefix(Int.random(in: 0...bytes.count, using: &random)))
            case 2:
                bytes[4] = UInt8.random(in: 0...255, using: &random)
            case 3:
                bytes += Self.randomBytes(count: Int.random(in: 1...8, using: &random), using: &random)
            default:
                bytes[Int.random(in: 0...3, using: &random)] = UInt8.random(in: 0...255, using: &random)
            }
            let requested = UInt32(data.count) + UInt32.random(in: 0...4, using: &random)
            #expect(Self.check(bytes, expectedTag: tag, requestedSize: requested))
            if (try? USBTMCBulkInMessage.decode(bytes, expectedTag: tag, requestedSize: requested)) == nil {
                rejected += 1
            }
        }
        #expect(rejected > 0)
    }

    @Test("random control replies and capability blocks decode or fail with a typed error")
    func randomControlReplies() {
        var random = SeededGenerator(seed: 36312)
        for _ in 0..<3000 {
            let bytes = Self.randomBytes(count: Int.random(in: 0...30, using: &random), using: &random)
            let code = USBTMCRequestCode.allCases.randomElement(using: &random) ?? .initiateClear
            do {
                let reply = try USBTMCControlReply.decode(bytes, for: code)
                #expect(reply.status.rawValue == bytes[0])
            } catch {
                #expect(error.bytes == bytes)
            }
            do {
                let caps = try USBTMCCapabilities.decode(bytes)
                #expect(bytes.count >= 0x18 && caps.status == bytes[0])
            } catch {
                #expect(bytes.count < 0x18)
            }
        }
    }
}
