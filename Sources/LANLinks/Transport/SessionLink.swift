import StationLinks

/// A ``StationLinks/MessageLink`` over a protocol session actor: ``VXI11Link`` and ``HiSLIPLink`` are this class
/// with their own sessions, so that every SCPI driver works over them as over a raw socket.
public final class SessionLink<Session: MessageSession>: MessageLink {
    /// The address this link was opened on.
    public let resource: ResourceString
    /// The protocol session, which owns the connection(s).
    public let session: Session

    init(resource: ResourceString, session: Session) {
        self.resource = resource
        self.session = session
    }

    /// Writes `bytes` as one message (END, or DataEnd, on its last byte).
    public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        try await session.write(bytes, timeout: timeout)
    }

    /// Reads until `terminator` or the end of the response message.
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await session.read(until: terminator, maxCount: maxCount, timeout: timeout)
    }

    /// Reads exactly `count` bytes.
    public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        try await session.read(exactly: count, timeout: timeout)
    }

    /// Returns the bytes of one protocol read; these protocols delimit messages themselves, so the quiet interval
    /// is not used.
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await session.readFrame(maxCount: maxCount, timeout: timeout)
    }

    /// Drops buffered bytes.
    public func discardInput() async throws {
        await session.discardInput()
    }

    /// The protocol's device clear (VXI-11 device_clear; HiSLIP AsyncDeviceClear and DeviceClearComplete).
    public func deviceClear(timeout: Duration) async throws {
        try await session.deviceClear(timeout: timeout)
    }

    /// Takes the exclusive lock, waiting up to `timeout`; a ``LANLinkError`` whose
    /// ``LANLinkError/isLockedByAnotherController`` is true when another controller holds it.
    public func lock(timeout: Duration) async throws {
        try await session.lock(timeout: timeout)
    }

    /// Releases the lock.
    public func unlock(timeout: Duration) async throws {
        try await session.unlock(timeout: timeout)
    }

    /// Ends the session (VXI-11 destroy_link; HiSLIP closes both channels), which releases its lock.
    public func close() async {
        await session.close()
    }
}
