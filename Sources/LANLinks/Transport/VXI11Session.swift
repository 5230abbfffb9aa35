import StationLinks

/// The state of one VXI-11 core-channel link: the RPC connection, the link id from create_link, and the bytes
/// read past a terminator. The actor serialises every call on the link.
public actor VXI11Session: MessageSession {
    /// The TCP port of the core channel.
    public nonisolated let corePort: UInt16
    private let core: RPCClient
    private let linkID: Int32
    private let maximumReceiveSize: Int
    private let host: String
    private let device: String
    private let resourceText: String
    private var buffer = ResponseBuffer()
    private var closed = false

    init(core: RPCClient, linkID: Int32, maximumReceiveSize: Int, host: String, device: String, resourceText: String,
         corePort: UInt16) {
        self.corePort = corePort
        self.core = core
        self.linkID = linkID
        self.maximumReceiveSize = maximumReceiveSize
        self.host = host
        self.device = device
        self.resourceText = resourceText
    }

    /// device_write in blocks of at most maxRecvSize bytes, END on the last.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        try checkOpen("write")
        let deadline = ContinuousClock.now + timeout
        var start = 0
        repeat {
            let end = min(bytes.count, start + maximumReceiveSize)
            let block = Array(bytes[start..<end])
            let parameters = VXI11DeviceWriteParameters(
                link: linkID, ioTimeout: deadline.timeLeft.clampedMilliseconds, lockTimeout: 0,
                flags: end == bytes.count ? .end : [], data: block)
            let reply = try await call(.deviceWrite, "device_write", parameters, deadline: deadline,
                                       returning: VXI11DeviceWriteResponse.self)
            try check(reply.error, "device_write")
            guard reply.size > 0 || block.isEmpty else {
                throw LinkError(.io(errno: 5), resource: resourceText, operation: "write", detail: "device_write took no bytes")
            }
            start += Int(min(reply.size, UInt32(block.count)))
        } while start < bytes.count
    }

    /// Reads until `terminator` (or the END of a response message that lacks it).
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        let deadline = ContinuousClock.now + timeout
        while true {
            if let line = try buffer.line(until: terminator, maxCount: maxCount, resource: resourceText) { return line }
            try await fetch(count: 65_536, terminator: terminator, deadline: deadline, operation: "read until \(terminator)")
        }
    }

    /// Reads exactly `count` bytes.
    public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        let deadline = ContinuousClock.now + timeout
        while buffer.count < count {
            try await fetch(count: count - buffer.count, terminator: nil, deadline: deadline, operation: "read \(count) byte(s)")
        }
        return buffer.take(count)
    }

    /// Returns what one device_read brings (or what is buffered).
    public func readFrame(maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try checkOpen("read")
        if buffer.isEmpty {
            try await fetch(count: maxCount, terminator: nil, deadline: ContinuousClock.now + timeout, operation: "read frame")
        }
        return buffer.take(min(maxCount, buffer.count))
    }

    /// Forgets buffered bytes.
    public func discardInput() {
        buffer.removeAll()
    }

    /// device_clear.
    public func deviceClear(timeout: Duration) async throws {
        try checkOpen("device_clear")
        let deadline = ContinuousClock.now + timeout
        let parameters = VXI11DeviceGenericParameters(link: linkID, flags: [], lockTimeout: 0,
                                                      ioTimeout: timeout.clampedMilliseconds)
        let reply = try await call(.deviceClear, "device_clear", parameters, deadline: deadline, returning: VXI11DeviceError.self)
        try check(reply.error, "device_clear")
        discardInput()
    }

    /// device_lock, waiting up to `timeout` for another link's lock.
    public func lock(timeout: Duration) async throws {
        try checkOpen("device_lock")
        let deadline = ContinuousClock.now + timeout
        let parameters = VXI11DeviceLockParameters(link: linkID, flags: .waitLock, lockTimeout: timeout.clampedMilliseconds)
        let reply = try await call(.deviceLock, "device_lock", parameters, deadline: deadline, returning: VXI11DeviceError.self)
        try check(reply.error, "device_lock")
    }

    /// device_unlock.
    public func unlock(timeout: Duration) async throws {
        try checkOpen("device_unlock")
        let reply = try await call(.deviceUnlock, "device_unlock", VXI11DeviceLink(link: linkID),
                                   deadline: ContinuousClock.now + timeout, returning: VXI11DeviceError.self)
        try check(reply.error, "device_unlock")
    }

    /// destroy_link, then closes the connection; errors are ignored (the link is going anyway).
    public func close() async {
        guard !closed else { return }
        closed = true
        _ = try? await call(.destroyLink, "destroy_link", VXI11DeviceLink(link: linkID),
                            deadline: ContinuousClock.now + .seconds(1), returning: VXI11DeviceError.self)
        await core.close()
    }

    // MARK: - Helpers

    private func fetch(count: Int, terminator: UInt8?, deadline: ContinuousClock.Instant, operation: String) async throws {
        let parameters = VXI11DeviceReadParameters(
            link: linkID, requestSize: UInt32(clamping: max(1, count)), ioTimeout: deadline.timeLeft.clampedMilliseconds,
            lockTimeout: 0, flags: terminator == nil ? [] : .termCharSet, termChar: terminator ?? 0)
        let reply = try await call(.deviceRead, "device_read", parameters, deadline: deadline,
                                   returning: VXI11DeviceReadResponse.self)
        if reply.error == .ioTimeout {
            let received = buffer.take(buffer.count) + reply.data
            throw LinkError(.timeout, resource: resourceText, operation: operation, received: received,
                            detail: "device_read: \(reply.error)")
        }
        try check(reply.error, "device_read")
        buffer.append(reply.data, end: reply.reason.contains(.end))
    }

    private func call<Result: XDRCodable>(
        _ procedure: VXI11Program.Procedure, _ operation: String, _ arguments: some XDRCodable,
        deadline: ContinuousClock.Instant, returning: Result.Type
    ) async throws -> Result {
        // The RPC waits a second longer than the device's own timeout, so that its timeout reply arrives first.
        try await core.call(program: VXI11Program.deviceCore, version: VXI11Program.version, procedure: procedure.rawValue,
                            operation: operation, protocolName: .vxi11, arguments: arguments,
                            timeout: deadline.timeLeft + .seconds(1), returning: Result.self)
    }

    private func check(_ error: VXI11ErrorCode, _ operation: String) throws {
        guard error != .noError else { return }
        throw LANLinkError(host: host, device: device, protocolName: .vxi11, operation: operation,
                           code: error.rawValue, detail: error.description)
    }

    private func checkOpen(_ operation: String) throws {
        if closed { throw LinkError(.closed, resource: resourceText, operation: operation) }
    }
}
