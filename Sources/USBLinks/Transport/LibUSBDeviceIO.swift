import CLibUSB

/// ``USBDeviceIO`` over an open libusb handle whose interface is claimed. Keeps its ``USBContext`` alive; closing
/// releases the interface (libusb re-attaches a kernel driver it detached automatically) and closes the handle.
final class LibUSBDeviceIO: USBDeviceIO {
    private let context: USBContext
    private let handle: OpaquePointer
    private let interfaceNumber: Int32
    private var isOpen = true

    init(context: USBContext, handle: OpaquePointer, interfaceNumber: UInt8) {
        self.context = context
        self.handle = handle
        self.interfaceNumber = Int32(interfaceNumber)
    }

    deinit {
        close()
    }

    func bulkWrite(endpoint: UInt8, bytes: ArraySlice<UInt8>, timeoutMilliseconds: UInt32)
        -> (status: Int32, sent: Int) {
        guard isOpen else { return (LIBUSB_ERROR_NO_DEVICE.rawValue, 0) }
        var buffer = Array(bytes)
        var sent: Int32 = 0
        let status = buffer.withUnsafeMutableBufferPointer { raw -> Int32 in
            libusb_bulk_transfer(handle, endpoint, raw.baseAddress, Int32(raw.count), &sent, timeoutMilliseconds)
        }
        return (status, Int(max(0, sent)))
    }

    func bulkRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8]) {
        transferIn(endpoint: endpoint, capacity: capacity, timeoutMilliseconds: timeoutMilliseconds,
                   transfer: libusb_bulk_transfer)
    }

    func interruptRead(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32)
        -> (status: Int32, bytes: [UInt8]) {
        transferIn(endpoint: endpoint, capacity: capacity, timeoutMilliseconds: timeoutMilliseconds,
                   transfer: libusb_interrupt_transfer)
    }

    func control(_ request: USBTMCControlRequest, timeoutMilliseconds: UInt32) -> (status: Int32, bytes: [UInt8]) {
        guard isOpen else { return (LIBUSB_ERROR_NO_DEVICE.rawValue, []) }
        var buffer = [UInt8](repeating: 0, count: max(1, Int(request.length)))
        let count = buffer.withUnsafeMutableBufferPointer { raw -> Int32 in
            libusb_control_transfer(handle, request.requestType, request.request.rawValue, request.value,
                                    request.index, raw.baseAddress, request.length, timeoutMilliseconds)
        }
        return count < 0 ? (count, []) : (0, Array(buffer.prefix(Int(count))))
    }

    func clearHalt(endpoint: UInt8) -> Int32 {
        guard isOpen else { return LIBUSB_ERROR_NO_DEVICE.rawValue }
        return libusb_clear_halt(handle, endpoint)
    }

    func close() {
        guard isOpen else { return }
        isOpen = false
        _ = libusb_release_interface(handle, interfaceNumber)
        libusb_close(handle)
    }

    private typealias Transfer = (OpaquePointer?, UInt8, UnsafeMutablePointer<UInt8>?, Int32,
                                  UnsafeMutablePointer<Int32>?, UInt32) -> Int32

    private func transferIn(endpoint: UInt8, capacity: Int, timeoutMilliseconds: UInt32, transfer: Transfer)
        -> (status: Int32, bytes: [UInt8]) {
        guard isOpen else { return (LIBUSB_ERROR_NO_DEVICE.rawValue, []) }
        var buffer = [UInt8](repeating: 0, count: max(1, capacity))
        var count: Int32 = 0
        let status = buffer.withUnsafeMutableBufferPointer { raw -> Int32 in
            transfer(handle, endpoint, raw.baseAddress, Int32(raw.count), &count, timeoutMilliseconds)
        }
        return (status, Array(buffer.prefix(Int(max(0, count)))))
    }
}
