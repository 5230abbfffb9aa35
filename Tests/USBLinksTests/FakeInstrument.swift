import Synchronization
@testable import USBLinks

/// libusb status codes the fake returns.
enum LibUSBCode {
    static let timeout: Int32 = -7
    static let pipe: Int32 = -9
    static let noDevice: Int32 = -4
}

/// A scripted USBTMC instrument behind the ``USBDeviceIO`` seam: it parses Bulk-OUT transfers, answers
/// `REQUEST_DEV_DEP_MSG_IN` from an output queue, answers class control requests, and records everything.
final class FakeInstrument: USBDeviceIO, Sendable {
    struct State {
        /// Every Bulk-OUT transfer, as sent.
        var bulkOut: [[UInt8]] = []
        /// Complete DEV_DEP_MSG_OUT messages (payloads joined up to EOM).
        var messages: [[UInt8]] = []
        var partialMessage: [UInt8] = []
        /// Every control request, in order.
        var controls: [USBTMCControlRequest] = []
        /// Every clear-halt, by endpoint.
        var clearedHalts: [UInt8] = []
        /// Instrument output not yet sent: whole messages, EOM after each.
        var output: [[UInt8]] = []
        /// Bulk-IN transfers ready to be read.
        var bulkIn: [[UInt8]] = []
        /// Interrupt-IN transfers ready to be read.
        var interruptIn: [[UInt8]] = []
        /// Answers a complete message with the instrument's reply, if any.
        var responder: @Sendable ([UInt8]) -> [UInt8]? = { _ in nil }
        /// Split each reply transfer into pieces of this size (the header arrives in the first).
        var splitRepliesAt: Int?
        /// Reply with this bTag instead of the requested one.
        var replyTag: UInt8?
        /// Never answer REQUEST_DEV_DEP_MSG_IN.
        var silent = false
        /// Status every Bulk-OUT write returns (a timeout or stall), if set.
        var bulkOutStatus: Int32?
        /// Status every Bulk-IN read returns when data would otherwise be read, if set.
        var bulkInStatus: Int32?
        /// CHECK_CLEAR_STATUS answers PENDING this many times first.
        var clearPendingCount = 0
        /// GET_CAPABILITIES reply.
        var capabilities: [UInt8] = FakeInstrument.capabilities(termChar: false)
        /// Status byte for READ_STATUS_BYTE.
        var statusByte: UInt8 = 0x40
        /// Whether the status byte comes on Interrupt-IN.
        var statusOnInterrupt = false
        /// A service-request notification to send before the status byte on Interrupt-IN.
        var serviceRequestFirst = false
        var closed = false
        /// REQUEST_DEV_DEP_MSG_IN headers received.
        var requests: [USBTMCBulkOutHeader] = []
    }

    let state: Mutex<State>

    init(_ configure: (inout State) -> Void = { _ in }) {
        var initial = State()
        configure(&initial)
        state = Mutex(initial)
    }

    /// A GET_CAPABILITIES reply of a USB488 instrument.
    static func capabilities(termChar: Bool) -> [UInt8] {
        var reply = [UInt8](repeating: 0, count: 0x18)
        reply[0] = 0x01
        reply[3] = 0x01
        reply[5] = termChar ? 0x01 : 0x00
        reply[13] = 0x01
        reply[14] = 0x07
        reply[15] = 0x0F
        return reply
    }

    var snapshot: State {
        state.withLock { $0 }
    }

    // MARK: - USBDeviceIO

    func bulkWrite(endpoint: UInt8, bytes: ArraySlice<UInt8>, timeoutMilliseconds: UInt32)
        -> (status: Int32, sent: Int) {
        state.withLock { state in
            if state.closed { return (LibUSBCode.noDevice, 0) }
            if let status = state.bulkOutStatus {
                if status == LibUSBCode.timeout { Self.wait(timeoutMilliseconds) }
                return (status, 0)
            }
            let transfer = Array(bytes)
            state.bulkOut.append(transfer)
            Self.handle(transfer, state: &state)
            return (0, transfer.count)
        }
    }

    func bulkRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8]) {
        let result: (status: Int32, bytes: [UInt8])? = state.withLock { state in
            if state.closed { return (LibUSBCode.noDevice, []) }
            guard !state.bulkIn.isEmpty else { return nil }
            if let status = state.bulkInStatus { return (status, []) }
            var transfer = state.bulkIn.removeFirst()
            if transfer.count > capacity {
                state.bulkIn.insert(Array(transfer[capacity...]), at: 0)
                transfer = Array(transfer.prefix(capacity))
            }
            return (0, transfer)
        }
        if let result { return result }
        Self.wait(timeoutMilliseconds)
        return (LibUSBCode.timeout, [])
    }

    func interruptRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32)
        -> (status: Int32, bytes: [UInt8]) {
        let result: [UInt8]? = state.withLock { state in
            state.interruptIn.isEmpty ? nil : state.interruptIn.removeFirst()
        }
        if let result { return (0, result) }
        Self.wait(timeoutMilliseconds)
        return (LibUSBCode.timeout, [])
    }

    func control(_ request: USBTMCControlRequest, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8]) {
        state.withLock { state in
            if state.closed { return (LibUSBCode.noDevice, []) }
            state.controls.append(request)
            let tag = UInt8(truncatingIfNeeded: request.value)
            switch request.request {
            case .initiateAbortBulkIn:
                state.bulkIn.removeAll()
                return (0, [0x01, tag])
            case .initiateAbortBulkOut:
                return (0, [0x01, tag])
            case .checkAbortBulkInStatus, .checkAbortBulkOutStatus:
                return (0, [0x01, 0, 0, 0, 0, 0, 0, 0])
            case .initiateClear:
                state.output.removeAll()
                state.bulkIn.removeAll()
                return (0, [0x01])
            case .checkClearStatus:
                if state.clearPendingCount > 0 {
                    state.clearPendingCount -= 1
                    return (0, [0x02, 0x00])
                }
                return (0, [0x01, 0x00])
            case .getCapabilities:
                return (0, state.capabilities)
            case .readStatusByte:
                if state.statusOnInterrupt {
                    if state.serviceRequestFirst { state.interruptIn.append([0x81, 0x40]) }
                    state.interruptIn.append([0x80 | tag, state.statusByte])
                    return (0, [0x01, tag, 0x00])
                }
                return (0, [0x01, tag, state.statusByte])
            case .indicatorPulse, .renControl, .goToLocal, .localLockout:
                return (0, [0x01])
            }
        }
    }

    func clearHalt(endpoint: UInt8) -> Int32 {
        state.withLock { state in
            state.clearedHalts.append(endpoint)
            return 0
        }
    }

    func close() {
        state.withLock { $0.closed = true }
    }

    // MARK: - Instrument behaviour

    private static func wait(_ milliseconds: UInt32) {
        // Stand in for the time libusb would block, briefly, so that deadline loops do not spin.
        let nanoseconds = UInt64(min(milliseconds, 2)) * 1_000_000
        var request = timespec(tv_sec: 0, tv_nsec: Int(nanoseconds))
        nanosleep(&request, nil)
    }

    private static func handle(_ transfer: [UInt8], state: inout State) {
        guard transfer.count >= 12 else { return }
        let size = Int(transfer[4]) | Int(transfer[5]) << 8 | Int(transfer[6]) << 16 | Int(transfer[7]) << 24
        switch transfer[0] {
        case 1:
            state.partialMessage += transfer[12..<min(transfer.count, 12 + size)]
            if transfer[8] & 1 == 1 {
                let message = state.partialMessage
                state.partialMessage = []
                state.messages.append(message)
                if let reply = state.responder(message) { state.output.append(reply) }
            }
        case 2:
            state.requests.append(USBTMCBulkOutHeader(messageID: .devDepMsgIn, tag: transfer[1],
                                                      transferSize: UInt32(size), attributes: transfer[8],
                                                      termChar: transfer[9]))
            guard !state.silent, !state.output.isEmpty else { return }
            var message = state.output.removeFirst()
            var count = min(size, message.count)
            if transfer[8] & 2 != 0, let index = message.prefix(count).firstIndex(of: transfer[9]) {
                count = index + 1
            }
            let data = Array(message.prefix(count))
            message.removeFirst(count)
            let ended = message.isEmpty
            if !ended { state.output.insert(message, at: 0) }
            let tag = state.replyTag ?? transfer[1]
            let frame = USBTMCBulkOutHeader(messageID: .devDepMsgIn, tag: tag, transferSize: UInt32(data.count),
                                            attributes: ended ? 1 : 0).encode(payload: data)
            if let split = state.splitRepliesAt {
                var start = 0
                while start < frame.count {
                    state.bulkIn.append(Array(frame[start..<min(frame.count, start + split)]))
                    start += split
                }
            } else {
                state.bulkIn.append(frame)
            }
        default:
            break
        }
    }
}

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
