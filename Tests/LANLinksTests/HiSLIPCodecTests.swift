import LANLinks
import Testing

@Suite struct HiSLIPCodecTests {
    @Test func theHeaderIsSixteenBigEndianBytes() throws {
        let message = HiSLIPMessage.data(Array("*IDN?\n".utf8), messageID: HiSLIPMessageID.initial, end: true, rmtDelivered: true)
        let bytes = message.encoded()
        #expect(Array(bytes.prefix(16)) == [0x48, 0x53, 7, 1, 0xFF, 0xFF, 0xFF, 0x00, 0, 0, 0, 0, 0, 0, 0, 6])
        var assembler = HiSLIPMessageAssembler()
        assembler.append(Array(bytes.prefix(10)))
        #expect(try assembler.nextMessage() == nil)
        assembler.append(Array(bytes.dropFirst(10)))
        #expect(try assembler.nextMessage() == message)
    }

    @Test func initializeCarriesVersionVendorAndSubAddress() {
        let initialize = HiSLIPMessage.initialize(vendorID: 0x7878, subAddress: "hislip0")
        #expect(initialize.parameterHigh == 0x0100)
        #expect(initialize.parameterLow == 0x7878)
        #expect(initialize.payload == Array("hislip0".utf8))
        let response = HiSLIPMessage.initializeResponse(overlapped: false, sessionID: 42)
        #expect(response.parameterLow == 42)
        #expect(response.controlCode == 0)
    }

    @Test func messageIDsStartAtFFFFFF00AndStepByTwo() {
        var ids = HiSLIPMessageID()
        #expect(ids.take() == 0xFFFF_FF00)
        #expect(ids.take() == 0xFFFF_FF02)
        #expect(ids.accepts(responseID: 0xFFFF_FF02))
        #expect(ids.accepts(responseID: HiSLIPMessageID.unknown))
        #expect(!ids.accepts(responseID: 0xFFFF_FF00))
        for _ in 0..<200 { _ = ids.take() }
        #expect(ids.next == 0xFFFF_FF04 &+ 400)
        ids.reset()
        #expect(ids.take() == HiSLIPMessageID.initial)
    }

    @Test func lockAndClearMessagesHaveTheirControlCodes() {
        #expect(HiSLIPMessage.asyncLockRequest(timeoutMilliseconds: 1000).controlCode == 1)
        #expect(HiSLIPMessage.asyncLockRequest(timeoutMilliseconds: 1000, sharedName: "bench").payload == Array("bench".utf8))
        #expect(HiSLIPMessage.asyncLockRelease(lastMessageID: 4).controlCode == 0)
        #expect(HiSLIPMessage.asyncLockResponse(.failure).controlCode == 0)
        #expect(HiSLIPMessage.maximumMessageSize(1 << 20, response: false).maximumMessageSize == 1 << 20)
        #expect(HiSLIPMessage.asyncDeviceClear.messageType == .asyncDeviceClear)
        #expect(HiSLIPMessage.deviceClearComplete(features: 0).messageType.description == "DeviceClearComplete")
    }

    @Test func aBadPrologueOrAnOversizedPayloadIsRefused() {
        var assembler = HiSLIPMessageAssembler(maximumPayloadSize: 100)
        assembler.append([0x48, 0x54] + [UInt8](repeating: 0, count: 14))
        #expect(throws: HiSLIPDecodingError.badPrologue(0x48, 0x54)) { try assembler.nextMessage() }
        var big = HiSLIPMessageAssembler(maximumPayloadSize: 100)
        big.append(HiSLIPHeader(messageType: .data, controlCode: 0, parameter: 0, payloadLength: UInt64.max).encoded())
        #expect(throws: HiSLIPDecodingError.payloadTooLarge(length: UInt64.max, limit: 100)) { try big.nextMessage() }
    }
}
