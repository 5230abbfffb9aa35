/// A ``ByteLink`` over a message-based instrument protocol (VXI-11, HiSLIP) that also offers what a raw socket
/// cannot: a device clear and the instrument's lock, so that a second controller cannot interleave commands.
public protocol MessageLink: ByteLink {
    /// Clears the instrument's input and output buffers (VXI-11 device_clear, HiSLIP AsyncDeviceClear) and drops
    /// anything buffered on this side.
    func deviceClear(timeout: Duration) async throws

    /// Takes the instrument's exclusive lock, waiting up to `timeout` for another controller to release it.
    /// Throws an error whose description says the instrument is locked by another controller when it is not granted.
    func lock(timeout: Duration) async throws

    /// Releases the lock taken with ``lock(timeout:)``.
    func unlock(timeout: Duration) async throws
}
