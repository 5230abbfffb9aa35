import Testing
@testable import USBLinks

/// Class control requests against the table of protocols.md §1.
@Suite("USBTMC control requests")
struct ControlRequestTests {
    @Test("request codes match the specification")
    func codes() {
        let expected: [(USBTMCRequestCode, UInt8)] = [
            (.initiateAbortBulkOut, 1), (.checkAbortBulkOutStatus, 2), (.initiateAbortBulkIn, 3),
            (.checkAbortBulkInStatus, 4), (.initiateClear, 5), (.checkClearStatus, 6), (.getCapabilities, 7),
            (.indicatorPulse, 64), (.readStatusByte, 128), (.renControl, 160), (.goToLocal, 161),
            (.localLockout, 162),
        ]
        for (code, value) in expected {
            #expect(code.rawValue == value)
        }
    }

    @Test("SETUP packets: bmRequestType, bRequest, wValue, wIndex, wLength")
    func setupPackets() {
        #expect(USBTMCControlRequest.initiateAbortBulkOut(tag: 0x5B, endpoint: 0x02).setupPacket()
            == [0xA2, 0x01, 0x5B, 0x00, 0x02, 0x00, 0x02, 0x00])
        #expect(USBTMCControlRequest.checkAbortBulkOutStatus(endpoint: 0x02).setupPacket()
            == [0xA2, 0x02, 0x00, 0x00, 0x02, 0x00, 0x08, 0x00])
        #expect(USBTMCControlRequest.initiateAbortBulkIn(tag: 0x07, endpoint: 0x81).setupPacket()
            == [0xA2, 0x03, 0x07, 0x00, 0x81, 0x00, 0x02, 0x00])
        #expect(USBTMCControlRequest.checkAbortBulkInStatus(endpoint: 0x81).setupPacket()
            == [0xA2, 0x04, 0x00, 0x00, 0x81, 0x00, 0x08, 0x00])
        #expect(USBTMCControlRequest.initiateClear(interface: 0).setupPacket()
            == [0xA1, 0x05, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00])
        #expect(USBTMCControlRequest.checkClearStatus(interface: 0).setupPacket()
            == [0xA1, 0x06, 0x00, 0x00, 0x00, 0x00, 0x02, 0x00])
        #expect(USBTMCControlRequest.getCapabilities(interface: 2).setupPacket()
            == [0xA1, 0x07, 0x00, 0x00, 0x02, 0x00, 0x18, 0x00])
        #expect(USBTMCControlRequest.indicatorPulse(interface: 0).setupPacket()
            == [0xA1, 0x40, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00])
        #expect(USBTMCControlRequest.readStatusByte(tag: 0x02, interface: 0).setupPacket()
            == [0xA1, 0x80, 0x02, 0x00, 0x00, 0x00, 0x03, 0x00])
        #expect(USBTMCControlRequest.renControl(enable: true, interface: 0).setupPacket()
            == [0xA1, 0xA0, 0x01, 0x00, 0x00, 0x00, 0x01, 0x00])
        #expect(USBTMCControlRequest.goToLocal(interface: 0).setupPacket()
            == [0xA1, 0xA1, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00])
        #expect(USBTMCControlRequest.localLockout(interface: 0).setupPacket()
            == [0xA1, 0xA2, 0x00, 0x00, 0x00, 0x00, 0x01, 0x00])
    }

    @Test("status codes and their names")
    func statuses() {
        #expect(USBTMCStatus.success.rawValue == 0x01)
        #expect(USBTMCStatus.pending.rawValue == 0x02)
        #expect(USBTMCStatus.interruptInBusy.rawValue == 0x20)
        #expect(USBTMCStatus.failed.rawValue == 0x80)
        #expect(USBTMCStatus.transferNotInProgress.rawValue == 0x81)
        #expect(USBTMCStatus.splitNotInProgress.rawValue == 0x82)
        #expect(USBTMCStatus.splitInProgress.rawValue == 0x83)
        #expect(USBTMCStatus.pending.description == "STATUS_PENDING (0x02)")
        #expect(USBTMCStatus(rawValue: 0x42).description == "unknown status (0x42)")
    }

    @Test("abort replies carry status and bTag")
    func initiateAbortReply() throws {
        let reply = try USBTMCControlReply.decode([0x01, 0x5B], for: .initiateAbortBulkIn)
        #expect(reply.status == .success)
        #expect(reply.tag == 0x5B)
        let failed = try USBTMCControlReply.decode([0x80, 0x00], for: .initiateAbortBulkOut)
        #expect(failed.status == .failed)
    }

    @Test("CHECK_ABORT_BULK_IN_STATUS reports queued data and NBYTES_TXD")
    func checkAbortIn() throws {
        let reply = try USBTMCControlReply.decode([0x02, 0x01, 0x00, 0x00, 0x10, 0x02, 0x00, 0x00],
                                                  for: .checkAbortBulkInStatus)
        #expect(reply.status == .pending)
        #expect(reply.bulkInHasData)
        #expect(reply.byteCount == 0x210)
        let out = try USBTMCControlReply.decode([0x01, 0x01, 0x00, 0x00, 0x04, 0x00, 0x00, 0x00],
                                                for: .checkAbortBulkOutStatus)
        #expect(!out.bulkInHasData)
        #expect(out.byteCount == 4)
    }

    @Test("CHECK_CLEAR_STATUS reports bmClear bit 0")
    func checkClear() throws {
        #expect(try USBTMCControlReply.decode([0x02, 0x01], for: .checkClearStatus).bulkInHasData)
        #expect(try !USBTMCControlReply.decode([0x01, 0x00], for: .checkClearStatus).bulkInHasData)
    }

    @Test("READ_STATUS_BYTE carries bTag and the status byte")
    func statusByte() throws {
        let reply = try USBTMCControlReply.decode([0x01, 0x02, 0x50], for: .readStatusByte)
        #expect(reply.tag == 0x02)
        #expect(reply.statusByte == 0x50)
    }

    @Test("a short control reply is a typed error naming the request", arguments: [
        (USBTMCRequestCode.initiateAbortBulkIn, 2), (.checkAbortBulkInStatus, 8), (.checkAbortBulkOutStatus, 8),
        (.checkClearStatus, 2), (.readStatusByte, 3), (.initiateClear, 1),
    ])
    func shortReply(code: USBTMCRequestCode, length: Int) {
        let bytes = [UInt8](repeating: 0x01, count: length - 1)
        #expect(throws: USBTMCFramingError.shortControlReply(request: code.description, expected: length,
                                                             bytes: bytes)) {
            try USBTMCControlReply.decode(bytes, for: code)
        }
    }
}
