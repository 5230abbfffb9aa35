import Testing
@testable import USBLinks

/// `DEV_DEP_MSG_IN` decoding: the Linux driver's rejections (protocols.md §1) plus the bTagInverse check.
@Suite("USBTMC Bulk-IN decoding")
struct BulkInDecodeTests {
    /// The reply `1.23E-3\n` to bTag 0x05 with EOM: header, 8 data bytes (no padding needed).
    let reply: [UInt8] = [
        0x02, 0x05, 0xFA, 0x00, 0x08, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
        0x31, 0x2E, 0x32, 0x33, 0x45, 0x2D, 0x33, 0x0A,
    ]

    @Test("a well-formed reply decodes to its data and EOM")
    func wellFormed() throws {
        let message = try USBTMCBulkInMessage.decode(reply, expectedTag: 0x05, requestedSize: 1024)
        #expect(message.tag == 0x05)
        #expect(message.transferSize == 8)
        #expect(message.isEndOfMessage)
        #expect(message.data == Array("1.23E-3\n".utf8))
        #expect(message.missingByteCount == 0)
    }

    @Test("padding after TransferSize bytes is dropped")
    func paddingDropped() throws {
        let frame: [UInt8] = [0x02, 0x01, 0xFE, 0x00, 0x03, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                              0x4F, 0x4B, 0x0A, 0x00]
        let message = try USBTMCBulkInMessage.decode(frame, expectedTag: 1, requestedSize: 64)
        #expect(message.data == [0x4F, 0x4B, 0x0A])
    }

    @Test("EOM clear means the instrument has more of the message")
    func withoutEndOfMessage() throws {
        var frame = reply
        frame[8] = 0x00
        let message = try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 8)
        #expect(!message.isEndOfMessage)
    }

    @Test("a reply continuing in the next transfer reports the missing bytes")
    func continued() throws {
        let frame: [UInt8] = [0x02, 0x05, 0xFA, 0x00, 0x00, 0x01, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x41, 0x42]
        let message = try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 256)
        #expect(message.transferSize == 256)
        #expect(message.data == [0x41, 0x42])
        #expect(message.missingByteCount == 254)
    }

    @Test("a transfer shorter than 12 bytes is a truncated frame")
    func truncated() {
        let frame = Array(reply.prefix(11))
        #expect(throws: USBTMCFramingError.truncatedFrame(bytes: frame)) {
            try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 1024)
        }
        #expect(throws: USBTMCFramingError.truncatedFrame(bytes: [])) {
            try USBTMCBulkInMessage.decode([], expectedTag: 0x05, requestedSize: 1024)
        }
    }

    @Test("MsgID other than 2 is rejected", arguments: [UInt8(0x00), 0x01, 0x7E, 0x7F, 0x80, 0xFF])
    func wrongMessageID(id: UInt8) {
        var frame = reply
        frame[0] = id
        #expect(throws: USBTMCFramingError.unexpectedMessageID(id, bytes: frame)) {
            try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 1024)
        }
    }

    @Test("a reply carrying another bTag is rejected")
    func otherTag() {
        var frame = reply
        frame[1] = 0x04
        frame[2] = 0xFB
        #expect(throws: USBTMCFramingError.tagMismatch(expected: 0x05, received: 0x04, bytes: frame)) {
            try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 1024)
        }
    }

    @Test("a bTagInverse that is not ~bTag is rejected")
    func badInverse() {
        var frame = reply
        frame[2] = 0xFB
        #expect(throws: USBTMCFramingError.tagInverseMismatch(tag: 0x05, inverse: 0xFB, bytes: frame)) {
            try USBTMCBulkInMessage.decode(frame, expectedTag: 0x05, requestedSize: 1024)
        }
    }

    @Test("a TransferSize above the request is rejected as oversized")
    func oversized() {
        #expect(throws: USBTMCFramingError.oversizedTransferSize(announced: 8, requested: 7, bytes: reply)) {
            try USBTMCBulkInMessage.decode(reply, expectedTag: 0x05, requestedSize: 7)
        }
        var huge = reply
        huge[4...7] = [0xFF, 0xFF, 0xFF, 0xFF]
        #expect(throws: USBTMCFramingError.oversizedTransferSize(announced: .max, requested: 1024, bytes: huge)) {
            try USBTMCBulkInMessage.decode(huge, expectedTag: 0x05, requestedSize: 1024)
        }
    }

    @Test("a TransferSize exactly equal to the request is accepted")
    func exactSize() throws {
        let message = try USBTMCBulkInMessage.decode(reply, expectedTag: 0x05, requestedSize: 8)
        #expect(message.data.count == 8)
    }

    @Test("error messages show the offending bytes in hex and say what was expected")
    func messages() {
        var frame = reply
        frame[1] = 0x04
        frame[2] = 0xFB
        let text = USBTMCFramingError.tagMismatch(expected: 0x05, received: 0x04, bytes: frame).description
        #expect(text.contains("bTag 0x04"))
        #expect(text.contains("bTag 0x05"))
        #expect(text.contains("02 04 FB 00 08 00 00 00 01"))
        let short = USBTMCFramingError.truncatedFrame(bytes: [0x02, 0x05]).description
        #expect(short.contains("truncated frame"))
        #expect(short.contains("02 05"))
        let id = USBTMCFramingError.unexpectedMessageID(0x7F, bytes: [0x7F]).description
        #expect(id.contains("MsgID 0x7F") && id.contains("expected 0x02"))
        let size = USBTMCFramingError.oversizedTransferSize(announced: 9, requested: 4, bytes: [0x02]).description
        #expect(size.contains("oversized TransferSize of 9") && size.contains("at most 4"))
        let inverse = USBTMCFramingError.tagInverseMismatch(tag: 0x5B, inverse: 0x00, bytes: [0x02]).description
        #expect(inverse.contains("expected 0xA4"))
    }
}
