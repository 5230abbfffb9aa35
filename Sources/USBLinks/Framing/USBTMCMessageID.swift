/// The `MsgID` in byte 0 of every USBTMC Bulk-OUT header and Bulk-IN reply (USBTMC 1.0 Table 2, USB488 Table 1).
public enum USBTMCMessageID: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// `DEV_DEP_MSG_OUT`: a device-dependent message (an SCPI command) from host to instrument.
    case devDepMsgOut = 1
    /// `REQUEST_DEV_DEP_MSG_IN` on Bulk-OUT, and `DEV_DEP_MSG_IN` on Bulk-IN: both carry MsgID 2.
    case devDepMsgIn = 2
    /// `VENDOR_SPECIFIC_OUT`.
    case vendorSpecificOut = 126
    /// `REQUEST_VENDOR_SPECIFIC_IN` on Bulk-OUT, and `VENDOR_SPECIFIC_IN` on Bulk-IN.
    case vendorSpecificIn = 127
    /// USB488 `TRIGGER`: the header alone, bytes 4–11 zero.
    case trigger = 128

    /// `REQUEST_DEV_DEP_MSG_IN`, the name the specification uses on the Bulk-OUT side.
    public static let requestDevDepMsgIn = USBTMCMessageID.devDepMsgIn

    /// The specification's name, e.g. `DEV_DEP_MSG_OUT`.
    public var description: String {
        switch self {
        case .devDepMsgOut: return "DEV_DEP_MSG_OUT"
        case .devDepMsgIn: return "DEV_DEP_MSG_IN"
        case .vendorSpecificOut: return "VENDOR_SPECIFIC_OUT"
        case .vendorSpecificIn: return "VENDOR_SPECIFIC_IN"
        case .trigger: return "TRIGGER"
        }
    }
}
