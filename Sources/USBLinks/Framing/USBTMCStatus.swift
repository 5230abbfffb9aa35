/// `USBTMC_status`, byte 0 of every USBTMC class control reply (USBTMC 1.0 Table 16, USB488 Table 10).
public struct USBTMCStatus: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The status byte.
    public var rawValue: UInt8

    /// Wraps a status byte, known or not.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 0x01: the request succeeded.
    public static let success = USBTMCStatus(rawValue: 0x01)
    /// 0x02: the request is still being processed; poll the matching CHECK_… request.
    public static let pending = USBTMCStatus(rawValue: 0x02)
    /// 0x20: USB488 — the Interrupt-IN endpoint is busy with an earlier notification.
    public static let interruptInBusy = USBTMCStatus(rawValue: 0x20)
    /// 0x80: the request failed.
    public static let failed = USBTMCStatus(rawValue: 0x80)
    /// 0x81: an abort named a transfer that is not in progress.
    public static let transferNotInProgress = USBTMCStatus(rawValue: 0x81)
    /// 0x82: a split transaction was not in progress.
    public static let splitNotInProgress = USBTMCStatus(rawValue: 0x82)
    /// 0x83: a split transaction is in progress.
    public static let splitInProgress = USBTMCStatus(rawValue: 0x83)

    /// The specification's name and the byte, e.g. `STATUS_PENDING (0x02)`.
    public var description: String {
        let name: String
        switch self {
        case .success: name = "STATUS_SUCCESS"
        case .pending: name = "STATUS_PENDING"
        case .interruptInBusy: name = "STATUS_INTERRUPT_IN_BUSY"
        case .failed: name = "STATUS_FAILED"
        case .transferNotInProgress: name = "STATUS_TRANSFER_NOT_IN_PROGRESS"
        case .splitNotInProgress: name = "STATUS_SPLIT_NOT_IN_PROGRESS"
        case .splitInProgress: name = "STATUS_SPLIT_IN_PROGRESS"
        default: name = "unknown status"
        }
        return "\(name) (\(USBTMCFramingError.hex(rawValue)))"
    }
}
