/// The instrument behind a VXI-11 or HiSLIP server: takes whole program messages and gives back response bytes.
///
/// Called from the servers' connection threads, so implementations block (with the given timeouts) and must be
/// safe to call from several threads.
public protocol LANInstrumentBackend: Sendable {
    /// Delivers one complete program message (the END of VXI-11, the DataEnd of HiSLIP has arrived).
    func send(_ message: [UInt8]) throws
    /// Returns up to `maxCount` response bytes, waiting up to `timeout` for the first; `end` is true when the
    /// bytes finish a response message. An empty result means nothing arrived in time.
    func receive(maxCount: Int, timeout: Duration) throws -> (bytes: [UInt8], end: Bool)
    /// The device clear: forget pending input and output.
    func clear()
}
