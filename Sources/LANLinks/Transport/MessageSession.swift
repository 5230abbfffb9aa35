/// The actor behind a ``SessionLink``: one VXI-11 link or HiSLIP session, which it owns and serialises.
public protocol MessageSession: Actor {
    /// Sends `bytes` as one message.
    func write(_ bytes: [UInt8], timeout: Duration) async throws
    /// Reads until `terminator` or the end of the response message.
    func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8]
    /// Reads exactly `count` bytes.
    func read(exactly count: Int, timeout: Duration) async throws -> [UInt8]
    /// Returns what the next protocol read brings (or what is buffered), at most `maxCount` bytes.
    func readFrame(maxCount: Int, timeout: Duration) async throws -> [UInt8]
    /// Forgets buffered bytes.
    func discardInput()
    /// The protocol's device clear.
    func deviceClear(timeout: Duration) async throws
    /// Takes the exclusive lock, waiting up to `timeout`.
    func lock(timeout: Duration) async throws
    /// Releases the lock.
    func unlock(timeout: Duration) async throws
    /// Ends the session and closes its connections.
    func close() async
}
