/// `Device_GenericParms` (VXI-11 rev 1.0, DEVICE_CORE RPCL): the arguments of device_clear, device_trigger,
/// device_readstb, device_remote and device_local.
public struct VXI11DeviceGenericParameters: Sendable, Equatable, XDRCodable {
    /// The link id.
    public var link: Int32
    /// Flags; ``VXI11Flags/waitLock`` to wait for a lock held elsewhere.
    public var flags: VXI11Flags
    /// How long to wait for that lock, in milliseconds.
    public var lockTimeout: UInt32
    /// How long the device may take, in milliseconds.
    public var ioTimeout: UInt32

    /// Creates the arguments.
    public init(link: Int32, flags: VXI11Flags, lockTimeout: UInt32, ioTimeout: UInt32) {
        self.link = link
        self.flags = flags
        self.lockTimeout = lockTimeout
        self.ioTimeout = ioTimeout
    }

    /// Appends the fields in order.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(link)
        writer.uint32(flags.rawValue)
        writer.uint32(lockTimeout)
        writer.uint32(ioTimeout)
    }

    /// Decodes the fields.
    public init(from reader: inout XDRReader) throws(XDRError) {
        link = try reader.int32("lid")
        flags = VXI11Flags(rawValue: try reader.uint32("flags"))
        lockTimeout = try reader.uint32("lock_timeout")
        ioTimeout = try reader.uint32("io_timeout")
    }
}
