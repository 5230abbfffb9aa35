import Testing
@testable import USBLinks

/// Bulk-OUT framing against byte vectors written by hand from USBTMC 1.0 Tables 1–4 (protocols.md §1).
@Suite("USBTMC Bulk-OUT header")
struct BulkOutHeaderTests {
    @Test("bTag 0x5B has inverse 0xA4 in byte 2")
    func tagInverse() {
        let header = USBTMCBulkOutHeader.devDepMsgOut(tag: 0x5B, transferSize: 5, endOfMessage: true)
        let bytes = header.encode()
        #expect(bytes.count == 12)
        #expect(bytes[1] == 0x5B)
        #expect(bytes[2] == 0xA4)
    }

    @Test("DEV_DEP_MSG_OUT of *IDN? is a 12-byte header and 5 payload bytes padded to 8")
    func idnQuery() {
        let payload = Array("*IDN?".utf8)
        let bytes = USBTMCBulkOutHeader.devDepMsgOut(tag: 0x01, transferSize: 5, endOfMessage: true)
            .encode(payload: payload)
        let expected: [UInt8] = [
            0x01, 0x01, 0xFE, 0x00,  // MsgID DEV_DEP_MSG_OUT, bTag 1, ~bTag, reserved
            0x05, 0x00, 0x00, 0x00,  // TransferSize 5, little-endian
            0x01, 0x00, 0x00, 0x00,  // EOM, reserved
            0x2A, 0x49, 0x44, 0x4E, 0x3F, 0x00, 0x00, 0x00,  // "*IDN?" + 3 zero bytes of padding
        ]
        #expect(bytes == expected)
        #expect(bytes.count % 4 == 0)
    }

    @Test("a message that is not the last transfer has EOM clear")
    func withoutEndOfMessage() {
        let bytes = USBTMCBulkOutHeader.devDepMsgOut(tag: 0x07, transferSize: 4, endOfMessage: false)
            .encode(payload: [0x41, 0x42, 0x43, 0x44])
        #expect(bytes == [0x01, 0x07, 0xF8, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                          0x41, 0x42, 0x43, 0x44])
    }

    @Test("REQUEST_DEV_DEP_MSG_IN for 1024 bytes without TermChar")
    func requestIn() {
        let bytes = USBTMCBulkOutHeader.requestDevDepMsgIn(tag: 0x02, transferSize: 1024).encode()
        #expect(bytes == [0x02, 0x02, 0xFD, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
    }

    @Test("REQUEST_DEV_DEP_MSG_IN with TermChar sets bit 1 of byte 8 and the character in byte 9")
    func requestInWithTermChar() {
        let bytes = USBTMCBulkOutHeader.requestDevDepMsgIn(tag: 0x5B, transferSize: 1024, termChar: 0x0A).encode()
        #expect(bytes == [0x02, 0x5B, 0xA4, 0x00, 0x00, 0x04, 0x00, 0x00, 0x02, 0x0A, 0x00, 0x00])
    }

    @Test("TransferSize is little-endian over all four bytes")
    func largeTransferSize() {
        let bytes = USBTMCBulkOutHeader.requestDevDepMsgIn(tag: 1, transferSize: 0x1234_5678).encode()
        #expect(Array(bytes[4...7]) == [0x78, 0x56, 0x34, 0x12])
    }

    @Test("TRIGGER is the header alone with bytes 4 to 11 zero")
    func trigger() {
        let bytes = USBTMCBulkOutHeader.trigger(tag: 0x10).encode()
        #expect(bytes == [0x80, 0x10, 0xEF, 0x00, 0, 0, 0, 0, 0, 0, 0, 0])
    }

    @Test("payloads are padded to the next multiple of 4", arguments: [
        (0, 0), (1, 4), (2, 4), (3, 4), (4, 4), (5, 8), (8, 8), (9, 12), (4084, 4084), (4085, 4088),
    ])
    func padding(count: Int, padded: Int) {
        #expect(USBTMCBulkOutHeader.paddedLength(count) == padded)
        let bytes = USBTMCBulkOutHeader.devDepMsgOut(tag: 1, transferSize: UInt32(count), endOfMessage: true)
            .encode(payload: [UInt8](repeating: 0x55, count: count))
        #expect(bytes.count == 12 + padded)
        #expect(bytes[(12 + count)...].allSatisfy { $0 == 0 })
    }
}
