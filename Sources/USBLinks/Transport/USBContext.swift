import CLibUSB

/// A libusb session (`libusb_init` … `libusb_exit`). Links and discovery keep it alive while they use it.
///
/// libusb contexts are thread-safe (libusb serialises access to its own state), so the context is shared freely;
/// it is kept as an address so that every use starts from a fresh pointer value.
public final class USBContext: Sendable {
    private let address: UInt

    /// Initialises libusb and sets its log level. Throws ``USBError`` when libusb cannot start (no usbfs, no
    /// memory).
    public init(logLevel: USBLogLevel = .error) throws(USBError) {
        var context: OpaquePointer?
        let status = libusb_init(&context)
        guard status == 0, let context else {
            throw USBError(code: status, operation: "libusb_init (starting libusb)")
        }
        address = UInt(bitPattern: context)
        let logStatus = clibusb_set_log_level(context, logLevel.rawValue)
        guard logStatus == 0 else {
            libusb_exit(context)
            throw USBError(code: logStatus, operation: "libusb_set_option(LIBUSB_OPTION_LOG_LEVEL)")
        }
    }

    deinit {
        libusb_exit(pointer)
    }

    /// The `libusb_context *`.
    var pointer: OpaquePointer? {
        OpaquePointer(bitPattern: address)
    }

    /// Changes how much libusb logs.
    public func setLogLevel(_ level: USBLogLevel) throws(USBError) {
        let status = clibusb_set_log_level(pointer, level.rawValue)
        guard status == 0 else {
            throw USBError(code: status, operation: "libusb_set_option(LIBUSB_OPTION_LOG_LEVEL)")
        }
    }

    /// Every USB device libusb sees, with its USBTMC interfaces (empty on a machine without USB devices).
    /// Does not open any device.
    public func devices() throws(USBError) -> [USBDeviceInfo] {
        let passThrough: (USBError) -> USBError = { $0 }
        return try USBDeviceList.withDevices(in: self, listingFailed: passThrough) { records throws(USBError) in
            records.map(\.info)
        }
    }
}
