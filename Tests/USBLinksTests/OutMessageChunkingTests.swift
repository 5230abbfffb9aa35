import Testing
@testable import USBLinks

@Suite("DEV_DEP_MSG_OUT chunking")
struct OutMessageChunkingTests {
    @Test("a short message is one transfer with EOM")
    func singleTransfer() {
        var tags = USBTMCTagSequence()
        let transfers = USBTMCOutMessage.transfers(for: Array("*IDN?\n".utf8), maxTransferSize: 4084, tags: &tags)
        #expect(transfers.count == 1)
        #expect(transfers[0].isEndOfMessage)
        #expect(transfers[0].tag == 1)
        #expect(transfers[0].bytes == [0x01, 0x01, 0xFE, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                       0x2A, 0x49, 0x44, 0x4E, 0x3F, 0x0A, 0x00, 0x00])
    }

    @Test("a long message is split at the max transfer size, with a new bTag per transfer and EOM only last")
    func split() {
        var tags = USBTMCTagSequence()
        let message = (0..<10).map { UInt8(0x30 + $0) }  // "0123456789"
        let transfers = USBTMCOutMessage.transfers(for: message, maxTransferSize: 4, tags: &tags)
        #expect(transfers.map(\.payloadCount) == [4, 4, 2])
        #expect(transfers.map(\.tag) == [1, 2, 3])
        #expect(transfers.map(\.isEndOfMessage) == [false, false, true])
        #expect(transfers[0].bytes == [0x01, 0x01, 0xFE, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x30, 0x31, 0x32, 0x33])
        #expect(transfers[1].bytes == [0x01, 0x02, 0xFD, 0x00, 0x04, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
                                       0x34, 0x35, 0x36, 0x37])
        #expect(transfers[2].bytes == [0x01, 0x03, 0xFC, 0x00, 0x02, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                       0x38, 0x39, 0x00, 0x00])
        #expect(tags.last == 3)
    }

    @Test("reassembling the payloads gives back the message", arguments: [1, 3, 4, 7, 64, 4084])
    func reassembly(chunk: Int) {
        var tags = USBTMCTagSequence(first: 250)
        let message = (0..<1000).map { UInt8(truncatingIfNeeded: $0 * 7) }
        let transfers = USBTMCOutMessage.transfers(for: message, maxTransferSize: chunk, tags: &tags)
        #expect(transfers.count == (message.count + chunk - 1) / chunk)
        var joined: [UInt8] = []
        for transfer in transfers {
            #expect(transfer.payloadCount <= chunk)
            #expect(transfer.bytes.count % 4 == 0)
            #expect(transfer.tag != 0)
            joined += transfer.bytes[12..<(12 + transfer.payloadCount)]
        }
        #expect(joined == message)
        #expect(transfers.filter(\.isEndOfMessage).count == 1)
        #expect(transfers.last?.isEndOfMessage == true)
    }

    @Test("tags continue across messages and wrap past 255")
    func tagsAcrossMessages() {
        var tags = USBTMCTagSequence(first: 254)
        let first = USBTMCOutMessage.transfers(for: [1, 2, 3], maxTransferSize: 2, tags: &tags)
        let second = USBTMCOutMessage.transfers(for: [4], maxTransferSize: 2, tags: &tags)
        #expect(first.map(\.tag) == [254, 255])
        #expect(second.map(\.tag) == [1])
    }

    @Test("an empty message gives no transfers")
    func empty() {
        var tags = USBTMCTagSequence()
        #expect(USBTMCOutMessage.transfers(for: [], maxTransferSize: 64, tags: &tags).isEmpty)
        #expect(tags.last == nil)
    }
}
