/// device_write's arguments, `Device_WriteParms` (VXI-11 rev 1.0, DEVICE_CORE RPCL).
public struct VXI11DeviceWriteParameters: Sendable, Equatable, XDRCodable {
    /// The link id.
    public var link: Int32
    /// How long the device may take, in milliseconds.
    public var ioTimeout: UInt32
    /// How long to wait for a lock held elsewhere, in milliseconds (with ``VXI11Flags/waitLock``).
    public var lockTimeout: UInt32
    /// Flags; ``VXI11Flags/end`` on the last block of a message.
    public var flags: VXI11Flags
    /// The bytes to write.
    public var data: [UInt8]

    /// Creates the arguments.
    public init(link: Int32, ioTimeout: UInt32, lockTimeout: UInt32, flags: VXI11Flags, data: [UInt8]) {
        self.link = link
        self.ioTimeout = ioTimeout
        self.lockTimeout = lockTimeout
        self.flags = flags
        self.data = data
    }

    /// Appends the fields in order.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(link)
        writer.uint32(ioTimeout)
        writer.uint32(lockTimeout)
        writer.uint32(flags.rawValue)
        writer.opaque(data)
    }

    /// Decodes the fields; the data may be at most 1 MiB.
    public init(from reader: inout XDRReader) throws(XDRError) {
        link = try reader.int32("lid")
        ioTimeout = try reader.uint32("io_timeout")
        lockTimeout = try reader.uint32("lock_timeout")
        flags = VXI11Flags(rawValue: try reader.uint32("flags"))
        data = try reader.opaque("data", limit: 1 << 20)
    }
}

/// device_write's result, `Device_WriteResp`: the error and how many bytes were taken.
public struct VXI11DeviceWriteResponse: Sendable, Equatable, XDRCodable {
    /// The outcome.
    public var error: VXI11ErrorCode
    /// The number of bytes the device accepted.
    public var size: UInt32

    /// Creates the result.
    public init(error: VXI11ErrorCode, size: UInt32) {
        self.error = error
        self.size = size
    }

    /// Appends error and size.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(error.rawValue)
        writer.uint32(size)
    }

    /// Decodes error and size.
    public init(from reader: inout XDRReader) throws(XDRError) {
        error = VXI11ErrorCode(rawValue: try reader.int32("error"))
        size = try reader.uint32("size")
    }
}
