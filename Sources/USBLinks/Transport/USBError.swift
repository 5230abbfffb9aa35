import CLibUSB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A libusb call that failed outside a link (setting up a context, listing devices), with libusb's own words.
public struct USBError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The libusb error code (negative), e.g. -3 for `LIBUSB_ERROR_ACCESS`.
    public var code: Int32
    /// The call or step that failed, e.g. `libusb_init`.
    public var operation: String

    /// Creates an error for libusb code `code` returned by `operation`.
    public init(code: Int32, operation: String) {
        self.code = code
        self.operation = operation
    }

    /// libusb's name for the code, e.g. `LIBUSB_ERROR_ACCESS`.
    public var name: String {
        LibUSBErrorText.name(code)
    }

    /// The failed call and libusb's name and text for the code.
    public var description: String {
        "\(operation) failed: \(LibUSBErrorText.describe(code))"
    }
}

/// Readable text and `errno` equivalents for libusb error codes.
enum LibUSBErrorText {
    /// `LIBUSB_ERROR_ACCESS`.
    static func name(_ code: Int32) -> String {
        guard let text = libusb_error_name(code) else { return "libusb error \(code)" }
        return String(cString: text)
    }

    /// `LIBUSB_ERROR_ACCESS: Access denied (insufficient permissions)`.
    static func describe(_ code: Int32) -> String {
        guard let text = libusb_strerror(code) else { return name(code) }
        return "\(name(code)): \(String(cString: text))"
    }

    /// The `errno` closest to a libusb code, for ``StationLinks/LinkError`` kinds that carry one.
    static func errno(_ code: Int32) -> Int32 {
        switch code {
        case LIBUSB_ERROR_IO.rawValue: return EIO
        case LIBUSB_ERROR_INVALID_PARAM.rawValue: return EINVAL
        case LIBUSB_ERROR_ACCESS.rawValue: return EACCES
        case LIBUSB_ERROR_NO_DEVICE.rawValue: return ENODEV
        case LIBUSB_ERROR_NOT_FOUND.rawValue: return ENOENT
        case LIBUSB_ERROR_BUSY.rawValue: return EBUSY
        case LIBUSB_ERROR_TIMEOUT.rawValue: return ETIMEDOUT
        case LIBUSB_ERROR_OVERFLOW.rawValue: return EOVERFLOW
        case LIBUSB_ERROR_PIPE.rawValue: return EPIPE
        case LIBUSB_ERROR_INTERRUPTED.rawValue: return EINTR
        case LIBUSB_ERROR_NO_MEM.rawValue: return ENOMEM
        case LIBUSB_ERROR_NOT_SUPPORTED.rawValue: return ENOSYS
        default: return EIO
        }
    }
}
