import StationLinks

/// The state of one HiSLIP session: the synchronous and asynchronous channels, the message ids, the
/// RMT-delivered flag and bytes read past a terminator. The actor serialises all use of both channels.
public actor HiSLIPSession: MessageSession {
    /// The session id the server assigned.
    public nonisolated let sessionID: UInt16
    private let synchronous: HiSLIPChannel
    private let asynchronous: HiSLIPChannel
    private let host: String
    private let device: String
    private let resourceText: String
    private let maximumMessageSize: Int
    private var ids = HiSLIPMessageID()
    private var rmtDelivered = false
    private var buffer = ResponseBuffer()
    private var closed = false

    init(synchronous: HiSLIPChannel, asynchronous: HiSLIPChannel, maximumMessageSize: Int, host: String, device: String,
         resourceText: String, sessionID: UInt16) {
        self.sessionID = sessionID
        self.synchronous = synchronous
        self.asynchronous = asynchronous
        self.maximumMessageSize = maximumMessageSize
        self.host = host
        self.device = device
        self.resourceText = resourceText
    }

    /// Sends `bytes` as Data messages with a final DataEnd (IVI-6.1 Data and DataEnd).
    public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        try checkOpen("write")
        let chunk = max(1, maximumMessageSize - HiSLIPHeader.size)
        var start = 0
        repeat {
            let end = min(bytes.count, start + chunk)
            let message = HiSLIPMessage.data(Array(bytes[start..<end]), messageID: ids.take(), end: end == bytes.count,
                                             rmtDelivered: rmtDelivered)
            rmtDelivered = false
            try await synchronous.send(message, timeout: timeout)
            start = end
        } while start < bytes.count
    }

    /// Reads until `terminator` or the DataEnd of the response.
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = try buffer.line(until: terminator, maxCount: maxCount, resource: resourceText) { return line }
            try await fetch(deadline: deadline, operation: "read until \(terminator)")
        }
    }

    /// Reads exactly `count` bytes.
    public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        let deadline = ContinuousClock.now + timeout
        while buffer.count < count { try await fetch(deadline: deadline, operation: "read \(count) byte(s)") }
        return buffer.take(count)
    }

    /// Returns the payload of the next Data or DataEnd (or what is buffered).
    public func readFrame(maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        if buffer.isEmpty { try await fetch(deadline: ContinuousClock.now + timeout, operation: "read frame") }
        return buffer.take(min(maxCount, buffer.count))
    }

    /// Forgets buffered bytes.
    public func discardInput() {
        buffer.removeAll()
    }

    /// AsyncDeviceClear, then DeviceClearComplete with the features the server acknowledged (IVI-6.1 device clear transaction);
    /// message ids start again from 0xFFFF_FF00.
    public func deviceClear(timeout: Duration) async throws {
        try checkOpen("device clear")
        let deadline = ContinuousClock.now + timeout
        try await asynchronous.send(.asyncDeviceClear, timeout: timeout)
        let acknowledge = try await asynchronous.receive(.asyncDeviceClearAcknowledge, deadline: deadline,
                                                         operation: "AsyncDeviceClear")
        try await synchronous.send(.deviceClearComplete(features: acknowledge.controlCode), timeout: deadline.timeLeft)
        _ = try await synchronous.receive(.deviceClearAcknowledge, deadline: deadline, operation: "DeviceClearComplete")
        ids.reset()
        rmtDelivered = false
        discardInput()
    }

    /// AsyncLock request for the exclusive lock, waiting up to `timeout` (IVI-6.1 AsyncLock transaction).
    public func lock(timeout: Duration) async throws {
        try await lock(timeout: timeout, sharedName: nil)
    }

    /// AsyncLock request for the exclusive lock (`sharedName` nil) or the shared lock of that name, which any
    /// session asking for the same name may hold at once, waiting up to `timeout` (IVI-6.1 AsyncLock transaction).
    public func lock(timeout: Duration, sharedName: String?) async throws {
        try checkOpen("AsyncLock")
        try await asynchronous.send(.asyncLockRequest(timeoutMilliseconds: timeout.clampedMilliseconds, sharedName: sharedName),
                                    timeout: timeout)
        let response = try await asynchronous.receive(.asyncLockResponse, deadline: ContinuousClock.now + timeout + .seconds(2),
                                                      operation: "AsyncLock")
        guard response.controlCode == HiSLIPLockResult.success.rawValue else {
            let result = HiSLIPLockResult(rawValue: response.controlCode)
            throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: "AsyncLock",
                               code: Int32(response.controlCode),
                               detail: "lock not granted within \(timeout): \(result?.description ?? "unknown response")")
        }
    }

    /// AsyncLock release (IVI-6.1 AsyncLock transaction).
    public func unlock(timeout: Duration) async throws {
        try checkOpen("AsyncLock release")
        try await asynchronous.send(.asyncLockRelease(lastMessageID: ids.last ?? HiSLIPMessageID.unknown), timeout: timeout)
        let response = try await asynchronous.receive(.asyncLockResponse, deadline: ContinuousClock.now + timeout,
                                                      operation: "AsyncLock release")
        guard response.controlCode == HiSLIPLockResult.success.rawValue
            || response.controlCode == HiSLIPLockResult.successShared.rawValue else {
            throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: "AsyncLock release",
                               code: Int32(response.controlCode), detail: "the lock was not held")
        }
    }

    /// Closes both channels.
    public func close() async {
        guard !closed else { return }
        closed = true
        await asynchronous.link.close()
        await synchronous.link.close()
    }

    private func fetch(deadline: ContinuousClock.Instant, operation: String) async throws {
        while true {
            let message: HiSLIPMessage
            do {
                message = try await synchronous.receive(deadline: deadline, operation: operation)
            } catch let error as LinkError where error.kind == .timeout {
                throw LinkError(.timeout, resource: resourceText, operation: operation, received: buffer.take(buffer.count),
                                detail: error.detail)
            }
            guard message.messageType == .data || message.messageType == .dataEnd else { continue }
            // A response to an earlier message (e.g. one abandoned by a timeout) is discarded (IVI-6.1 message ID rules).
            guard ids.accepts(responseID: message.parameter) else { continue }
            buffer.append(message.payload, end: message.messageType == .dataEnd)
            if message.messageType == .dataEnd { rmtDelivered = true }
            return
        }
    }

    private func checkOpen(_ operation: String) throws {
        if closed { throw LinkError(.closed, resource: resourceText, operation: operation) }
    }

}
