/// `Device_Flags` of a VXI-11 call (VXI-11 rev 1.0, DEVICE_CORE RPCL): wait for the lock, END on the last byte written,
/// and a termination character for reads.
public struct VXI11Flags: OptionSet, Sendable, Hashable {
    /// The flag bits.
    public var rawValue: UInt32

    /// Creates flags from their bits.
    public init(rawValue: UInt32) { self.rawValue = rawValue }

    /// Wait up to `lock_timeout` for a lock held by another link instead of failing at once.
    public static let waitLock = VXI11Flags(rawValue: 0x01)
    /// The last byte of a device_write carries END.
    public static let end = VXI11Flags(rawValue: 0x08)
    /// device_read stops at `termChar`.
    public static let termCharSet = VXI11Flags(rawValue: 0x80)
}
