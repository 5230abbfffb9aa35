/// The USB operations a USBTMC session needs, with libusb's calling conventions: a status that is 0 or a negative
/// `LIBUSB_ERROR_*` code, and the bytes moved even when the status is a timeout.
///
/// ``LibUSBDeviceIO`` implements it over a claimed libusb handle; tests substitute a scripted instrument.
protocol USBDeviceIO: AnyObject {
    /// One bulk OUT transfer of `bytes` (`libusb_bulk_transfer`); returns the status and how many bytes were sent.
    func bulkWrite(endpoint: UInt8, bytes: ArraySlice<UInt8>, timeoutMilliseconds: UInt32)
        -> (status: Int32, sent: Int)
    /// One bulk IN transfer of at most `capacity` bytes; returns the status and the bytes received.
    func bulkRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8])
    /// One interrupt IN transfer of at most `capacity` bytes.
    func interruptRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32)
        -> (status: Int32, bytes: [UInt8])
    /// A class control request; returns the status (0 or a negative code) and the reply bytes.
    func control(_ request: USBTMCControlRequest, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8])
    /// `libusb_clear_halt`.
    func clearHalt(endpoint: UInt8) -> Int32
    /// Releases the interface and closes the device; later calls fail with `LIBUSB_ERROR_NO_DEVICE`.
    func close()
}
