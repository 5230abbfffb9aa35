/// device_lock's arguments, `Device_LockParms` (VXI-11 rev 1.0, DEVICE_CORE RPCL): with ``VXI11Flags/waitLock`` the
/// device waits up to `lockTimeout` milliseconds for another link's lock to go before failing with error 11.
public struct VXI11DeviceLockParameters: Sendable, Equatable, XDRCodable {
    /// The link id.
    public var link: Int32
    /// Flags; ``VXI11Flags/waitLock`` to wait.
    public var flags: VXI11Flags
    /// How long to wait, in milliseconds.
    public var lockTimeout: UInt32

    /// Creates the arguments.
    public init(link: Int32, flags: VXI11Flags, lockTimeout: UInt32) {
        self.link = link
        self.flags = flags
        self.lockTimeout = lockTimeout
    }

    /// Appends the fields in order.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(link)
        writer.uint32(flags.rawValue)
        writer.uint32(lockTimeout)
    }

    /// Decodes the fields.
    public init(from reader: inout XDRReader) throws(XDRError) {
        link = try reader.int32("lid")
        flags = VXI11Flags(rawValue: try reader.uint32("flags"))
        lockTimeout = try reader.uint32("lock_timeout")
    }
}
