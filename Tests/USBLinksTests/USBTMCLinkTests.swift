import StationLinks
import Testing
@testable import USBLinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The link's USBTMC exchanges, buffering and recovery, against a scripted instrument behind the USB seam.
@Suite("USBTMC link over a scripted instrument")
struct USBTMCLinkTests {
    static let resource = ResourceString.usb(board: 0, vendorID: 0x1313, productID: 0x8078,
                                             serialNumber: "P0001234", interface: nil)
    static let idn = Array("THORLABS,PM100D,P0001234,3.1.0\n".utf8)

    static func makeLink(_ fake: FakeInstrument, interruptIn: UInt8? = nil, interfaceProtocol: UInt8 = 1,
                         options: USBTMCLink.Options = USBTMCLink.Options()) -> USBTMCLink {
        let interface = USBTMCInterfaceInfo(number: 0, interfaceProtocol: interfaceProtocol, bulkIn: 0x81,
                                            bulkOut: 0x02, interruptIn: interruptIn, bulkInMaxPacketSize: 64,
                                            bulkOutMaxPacketSize: 64)
        let session = USBTMCSession(io: fake, interface: interface, bulkIn: 0x81, bulkOut: 0x02,
                                    serialNumber: "P0001234", options: options)
        _ = try? session.queryCapabilities()
        return USBTMCLink(resource: resource, session: session)
    }

    static func answeringIDN(_ state: inout FakeInstrument.State) {
        state.responder = { message in message == Array("*IDN?\n".utf8) ? USBTMCLinkTests.idn : nil }
    }

    /// The LinkError thrown by `body`, or nil.
    static func linkError(_ body: () async throws -> Void) async -> LinkError? {
        do {
            try await body()
            return nil
        } catch let error as LinkError {
            return error
        } catch {
            return nil
        }
    }

    @Test("a write is one DEV_DEP_MSG_OUT with EOM, padded")
    func write() async throws {
        let fake = FakeInstrument()
        let link = Self.makeLink(fake)
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        #expect(fake.snapshot.bulkOut == [[0x01, 0x01, 0xFE, 0x00, 0x06, 0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00,
                                           0x2A, 0x49, 0x44, 0x4E, 0x3F, 0x0A, 0x00, 0x00]])
    }

    @Test("a long write is split at maxTransferSize with EOM on the last transfer only")
    func longWrite() async throws {
        let fake = FakeInstrument()
        let link = Self.makeLink(fake, options: USBTMCLink.Options(maxTransferSize: 8))
        let command = Array("SOUR:VOLT 1.25,(@1)\n".utf8)
        try await link.write(command, timeout: .seconds(1))
        let state = fake.snapshot
        #expect(state.bulkOut.count == 3)
        #expect(state.bulkOut.map { $0[8] } == [0, 0, 1])
        #expect(state.bulkOut.map { $0[1] } == [1, 2, 3])
        #expect(state.messages == [command])
    }

    @Test("a query reads the reply up to the terminator with REQUEST_DEV_DEP_MSG_IN")
    func query() async throws {
        let fake = FakeInstrument(Self.answeringIDN)
        let link = Self.makeLink(fake)
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        let line = try await link.read(until: 0x0A, maxCount: 256, timeout: .seconds(1))
        #expect(line == Array("THORLABS,PM100D,P0001234,3.1.0".utf8))
        let state = fake.snapshot
        #expect(state.bulkOut[1] == [0x02, 0x02, 0xFD, 0x00, 0xF4, 0x0F, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00])
    }

    @Test("with TermChar support, requests carry TermChar and bytes past the terminator stay buffered")
    func termChar() async throws {
        let fake = FakeInstrument { state in
            state.capabilities = FakeInstrument.capabilities(termChar: true)
            state.output = [Array("1.5E-3\n2.5E-3\n".utf8)]
        }
        let link = Self.makeLink(fake)
        let first = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1))
        let second = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1))
        #expect(first == Array("1.5E-3".utf8))
        #expect(second == Array("2.5E-3".utf8))
        let requests = fake.snapshot.requests
        #expect(requests.count == 2)
        #expect(requests.allSatisfy { $0.attributes == 0x02 && $0.termChar == 0x0A })
    }

    @Test("without TermChar, a second line already received is returned without another request")
    func buffered() async throws {
        let fake = FakeInstrument { $0.output = [Array("A\nB\n".utf8)] }
        let link = Self.makeLink(fake)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) == [0x41])
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) == [0x42])
        #expect(fake.snapshot.requests.count == 1)
        #expect(fake.snapshot.requests[0].attributes == 0)
    }

    @Test("a message longer than one request is collected over several requests until the terminator")
    func severalRequests() async throws {
        let fake = FakeInstrument { $0.output = [Array("0123456789\n".utf8)] }
        let link = Self.makeLink(fake, options: USBTMCLink.Options(readTransferSize: 4))
        let line = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1))
        #expect(line == Array("0123456789".utf8))
        #expect(fake.snapshot.requests.map(\.transferSize) == [4, 4, 4])
        #expect(fake.snapshot.requests.map(\.tag) == [1, 2, 3])
    }

    @Test("a reply spread over several Bulk-IN transfers is reassembled")
    func splitTransfers() async throws {
        let reply = Array("ABCDEFGHIJKLMNOPQRSTUVW\n".utf8)
        let fake = FakeInstrument { state in
            state.output = [reply]
            state.splitRepliesAt = 16
        }
        let link = Self.makeLink(fake)
        let line = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1))
        #expect(line == Array(reply.dropLast()))
        #expect(fake.snapshot.bulkIn.isEmpty)
    }

    @Test("read(exactly:) asks only for the bytes still missing")
    func exactly() async throws {
        let fake = FakeInstrument { $0.output = [Array("#14ABCD\n".utf8)] }
        let link = Self.makeLink(fake)
        #expect(try await link.read(exactly: 2, timeout: .seconds(1)) == Array("#1".utf8))
        #expect(try await link.read(exactly: 1, timeout: .seconds(1)) == Array("4".utf8))
        #expect(try await link.read(exactly: 5, timeout: .seconds(1)) == Array("ABCD\n".utf8))
        #expect(fake.snapshot.requests.map(\.transferSize) == [2, 1, 5])
    }

    @Test("readFrame returns one instrument message, ending at EOM")
    func frame() async throws {
        let fake = FakeInstrument { $0.output = [Array("FIRST".utf8), Array("SECOND".utf8)] }
        let link = Self.makeLink(fake)
        let frame = try await link.readFrame(quietInterval: .milliseconds(5), maxCount: 64, timeout: .seconds(1))
        #expect(frame == Array("FIRST".utf8))
        let next = try await link.readFrame(quietInterval: .milliseconds(5), maxCount: 64, timeout: .seconds(1))
        #expect(next == Array("SECOND".utf8))
    }

    @Test("maxCount bytes without the terminator is an overflow carrying those bytes")
    func overflow() async {
        let fake = FakeInstrument { $0.output = [Array("NOTERMINATORHERE".utf8)] }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { _ = try await link.read(until: 0x0A, maxCount: 8, timeout: .seconds(1)) }
        #expect(error?.kind == .overflow)
        #expect(error?.received == Array("NOTERMIN".utf8))
    }

    @Test("a read timeout aborts the Bulk-IN transfer with the request's bTag, then reports .timeout")
    func readTimeout() async {
        let fake = FakeInstrument { $0.silent = true }
        let link = Self.makeLink(fake)
        let error = await Self.linkError {
            _ = try await link.read(until: 0x0A, maxCount: 64, timeout: .milliseconds(200))
        }
        #expect(error?.kind == .timeout)
        #expect(error?.detail.contains("REQUEST_DEV_DEP_MSG_IN bTag 0x01") == true)
        #expect(error?.detail.contains("INITIATE_ABORT_BULK_IN bTag 0x01 aborted the reply") == true)
        let controls = fake.snapshot.controls.filter { $0.request != .getCapabilities }
        #expect(controls.first == .initiateAbortBulkIn(tag: 0x01, endpoint: 0x81))
        #expect(controls.dropFirst().first == .checkAbortBulkInStatus(endpoint: 0x81))
    }

    @Test("a write timeout aborts the Bulk-OUT transfer with its bTag and clears the halt")
    func writeTimeout() async {
        let fake = FakeInstrument { $0.bulkOutStatus = LibUSBCode.timeout }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { try await link.write(Array("*RST\n".utf8), timeout: .milliseconds(200)) }
        #expect(error?.kind == .timeout)
        let controls = fake.snapshot.controls.filter { $0.request != .getCapabilities }
        #expect(controls == [.initiateAbortBulkOut(tag: 0x01, endpoint: 0x02),
                             .checkAbortBulkOutStatus(endpoint: 0x02)])
        #expect(fake.snapshot.clearedHalts == [0x02])
    }

    @Test("a reply carrying another bTag is a protocol violation showing the frame")
    func staleReply() async {
        let fake = FakeInstrument { state in
            state.output = [Array("OK\n".utf8)]
            state.replyTag = 0x33
        }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { _ = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) }
        #expect(error?.kind == .protocolViolation)
        #expect(error?.detail.contains("bTag 0x33") == true)
        #expect(error?.detail.contains("02 33 CC 00") == true)
    }

    @Test("a stalled Bulk-IN endpoint is an I/O error and its halt is cleared")
    func stall() async {
        let fake = FakeInstrument { state in
            state.output = [Array("OK\n".utf8)]
            state.bulkInStatus = LibUSBCode.pipe
        }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { _ = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) }
        #expect(error?.kind == .io(errno: EPIPE))
        #expect(error?.detail.contains("LIBUSB_ERROR_PIPE") == true)
        #expect(fake.snapshot.clearedHalts == [0x81])
    }

    @Test("an unplugged instrument is a hang-up")
    func unplugged() async {
        let fake = FakeInstrument { state in
            state.output = [Array("OK\n".utf8)]
            state.bulkInStatus = LibUSBCode.noDevice
        }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { _ = try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) }
        #expect(error?.kind == .hangup)
    }

    @Test("cancelling the task stops a waiting read with .cancelled and the link stays usable")
    func cancellation() async throws {
        let fake = FakeInstrument { $0.silent = true }
        let link = Self.makeLink(fake)
        let task = Task { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let error = await Self.linkError { _ = try await task.value }
        #expect(error?.kind == .cancelled)
        fake.state.withLock { state in
            state.silent = false
            state.output = [Array("AFTER\n".utf8)]
        }
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) == Array("AFTER".utf8))
    }

    @Test("closing stops a waiting read with .closed, closes the device, and later calls fail with .closed")
    func close() async throws {
        let fake = FakeInstrument { $0.silent = true }
        let link = Self.makeLink(fake)
        let reader = Task { try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(60)) }
        try await Task.sleep(for: .milliseconds(50))
        await link.close()
        let error = await Self.linkError { _ = try await reader.value }
        #expect(error?.kind == .closed)
        #expect(fake.snapshot.closed)
        let later = await Self.linkError { try await link.write([0x41], timeout: .seconds(1)) }
        #expect(later?.kind == .closed)
    }

    @Test("clear runs INITIATE_CLEAR, polls CHECK_CLEAR_STATUS while pending, clears the Bulk-OUT halt, drops input")
    func clear() async throws {
        let fake = FakeInstrument { state in
            state.output = [Array("OLD1\nOLD2\n".utf8)]
            state.clearPendingCount = 2
            state.responder = { _ in Array("NEW\n".utf8) }
        }
        let link = Self.makeLink(fake)
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) == Array("OLD1".utf8))
        try await link.clear(timeout: .seconds(1))
        let controls = fake.snapshot.controls.filter { $0.request != .getCapabilities }
        #expect(controls.map(\.request) == [.initiateClear, .checkClearStatus, .checkClearStatus, .checkClearStatus])
        #expect(fake.snapshot.clearedHalts == [0x02])
        try await link.write(Array("MEAS?\n".utf8), timeout: .seconds(1))
        #expect(try await link.read(until: 0x0A, maxCount: 64, timeout: .seconds(1)) == Array("NEW".utf8))
    }

    @Test("capabilities come from GET_CAPABILITIES")
    func capabilities() async throws {
        let fake = FakeInstrument { $0.capabilities = FakeInstrument.capabilities(termChar: true) }
        let link = Self.makeLink(fake)
        let caps = try await link.capabilities(refresh: true)
        #expect(caps.supportsTermChar && caps.isIEEE4882 && caps.understandsSCPI)
    }

    @Test("the status byte comes in the control reply when there is no Interrupt-IN endpoint")
    func statusByteControl() async throws {
        let fake = FakeInstrument { $0.statusByte = 0x50 }
        let link = Self.makeLink(fake)
        #expect(try await link.readStatusByte() == 0x50)
        let request = fake.snapshot.controls.last
        #expect(request == .readStatusByte(tag: 2, interface: 0))
    }

    @Test("the status byte comes on Interrupt-IN, skipping a service-request notification")
    func statusByteInterrupt() async throws {
        let fake = FakeInstrument { state in
            state.statusByte = 0x61
            state.statusOnInterrupt = true
            state.serviceRequestFirst = true
        }
        let link = Self.makeLink(fake, interruptIn: 0x83)
        #expect(try await link.readStatusByte() == 0x61)
        #expect(try await link.readStatusByte() == 0x61)
        let tags = fake.snapshot.controls.filter { $0.request == .readStatusByte }.map(\.value)
        #expect(tags == [2, 3])
    }

    @Test("READ_STATUS_BYTE on a plain USBTMC interface is refused")
    func statusByteNeedsUSB488() async {
        let link = Self.makeLink(FakeInstrument(), interfaceProtocol: 0)
        let error = await Self.linkError { _ = try await link.readStatusByte() }
        #expect(error?.kind == .io(errno: ENOTSUP))
        #expect(error?.detail.contains("USB488") == true)
    }

    @Test("trigger sends the TRIGGER header alone")
    func trigger() async throws {
        let fake = FakeInstrument()
        let link = Self.makeLink(fake)
        try await link.trigger()
        #expect(fake.snapshot.bulkOut == [[0x80, 0x01, 0xFE, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]])
    }

    @Test("errors name the resource in VISA form")
    func resourceInErrors() async {
        let fake = FakeInstrument { $0.silent = true }
        let link = Self.makeLink(fake)
        let error = await Self.linkError { _ = try await link.read(exactly: 4, timeout: .milliseconds(50)) }
        #expect(error?.resource == "USB0::0x1313::0x8078::P0001234::INSTR")
        #expect(error?.operation == "read 4 byte(s)")
    }
}
