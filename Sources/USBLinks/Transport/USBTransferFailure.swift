import StationLinks

/// Why an operation inside a USBTMC session stopped; the link turns it into a ``StationLinks/LinkError``.
struct USBTransferFailure: Error {
    /// The cause.
    enum Reason {
        /// The operation's deadline passed.
        case timedOut
        /// The calling task was cancelled.
        case cancelled
        /// The link is closing.
        case closing
        /// libusb returned this (negative) code.
        case libusb(code: Int32)
        /// A Bulk-IN frame or control reply broke the specification.
        case framing(USBTMCFramingError)
        /// The instrument answered a control request with a status other than success.
        case status(USBTMCRequestCode, USBTMCStatus)
        /// `maxCount` bytes arrived without the terminator.
        case overflow
        /// The interface lacks what the operation needs.
        case unsupported
    }

    /// The cause.
    var reason: Reason
    /// What was going on, e.g. `waiting for the reply to REQUEST_DEV_DEP_MSG_IN bTag 0x05`.
    var step: String
    /// What recovery did afterwards (abort, clear halt).
    var notes: [String] = []
    /// Message bytes received before the failure.
    var received: [UInt8] = []

    /// The operation's deadline passed during `step`.
    static func timedOut(_ step: String) -> USBTransferFailure {
        USBTransferFailure(reason: .timedOut, step: step)
    }

    /// The detail text of the ``StationLinks/LinkError``.
    var detail: String {
        var parts: [String] = []
        switch reason {
        case .timedOut, .cancelled, .closing, .overflow, .unsupported:
            parts.append(step)
        case .libusb(let code):
            parts.append("\(step): \(LibUSBErrorText.describe(code))")
        case .framing(let error):
            parts.append("\(step): \(error.description)")
        case .status(let request, let status):
            parts.append("\(step): the instrument answered \(request) with \(status)")
        }
        parts.append(contentsOf: notes)
        return parts.joined(separator: "; ")
    }
}
