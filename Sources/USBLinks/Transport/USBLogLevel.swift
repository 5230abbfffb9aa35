import CLibUSB

/// How much libusb writes to standard error (`LIBUSB_OPTION_LOG_LEVEL`).
public enum USBLogLevel: Int32, Sendable, CaseIterable {
    /// Nothing.
    case none = 0
    /// Errors only.
    case error = 1
    /// Errors and warnings.
    case warning = 2
    /// Errors, warnings and informational messages.
    case info = 3
    /// Everything, including every transfer.
    case debug = 4
}
