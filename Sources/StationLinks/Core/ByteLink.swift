/// A bidirectional byte channel to one instrument: a serial port, a TCP socket or a USBTMC pipe.
///
/// Every operation is bounded by a wall-clock timeout (instruments are real even when time is virtual) and
/// honours task cancellation. Bytes read past a terminator stay buffered for the next read. Errors are
/// ``LinkError`` values that name the resource and show any bytes received.
public protocol ByteLink: AnyObject, Sendable {
    /// The address this link was opened on.
    var resource: ResourceString { get }

    /// Writes all of `bytes`, or throws ``LinkError``.
    func write(_ bytes: [UInt8], timeout: Duration) async throws

    /// Reads until `terminator` arrives and returns the bytes before it (the terminator is consumed, not
    /// returned). Throws a ``LinkError`` of kind `.timeout` carrying the partial bytes, or `.overflow` when
    /// `maxCount` bytes arrive without a terminator.
    func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8]

    /// Reads exactly `count` bytes.
    func read(exactly count: Int, timeout: Duration) async throws -> [UInt8]

    /// Waits up to `timeout` for a first byte, then collects bytes until the line has been quiet for
    /// `quietInterval` (how Modbus RTU delimits frames) or `maxCount` bytes have arrived.
    func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8]

    /// Drops buffered input and anything already waiting in the operating system.
    func discardInput() async throws

    /// Closes the link. Further operations throw ``LinkError`` of kind `.closed`.
    func close() async
}
