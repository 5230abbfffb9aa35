/// Why a VXI-11 device_read returned (the `reason` of `Device_ReadResp`, VXI-11 rev 1.0 DEVICE_CORE RPCL): the requested count was reached, the
/// termination character was seen, or the device sent END.
public struct VXI11ReadReason: OptionSet, Sendable, Hashable {
    /// The reason bits.
    public var rawValue: Int32

    /// Creates a reason from its bits.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// `requestSize` bytes were transferred.
    public static let requestCount = VXI11ReadReason(rawValue: 0x01)
    /// The termination character was transferred.
    public static let character = VXI11ReadReason(rawValue: 0x02)
    /// The device sent END with the last byte: the response message is complete.
    public static let end = VXI11ReadReason(rawValue: 0x04)
}
