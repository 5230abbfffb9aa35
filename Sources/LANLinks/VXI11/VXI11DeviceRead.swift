/// device_read's arguments, `Device_ReadParms` (VXI-11 rev 1.0, DEVICE_CORE RPCL).
public struct VXI11DeviceReadParameters: Sendable, Equatable, XDRCodable {
    /// The link id.
    public var link: Int32
    /// The most bytes to return.
    public var requestSize: UInt32
    /// How long the device may take, in milliseconds.
    public var ioTimeout: UInt32
    /// How long to wait for a lock held elsewhere, in milliseconds.
    public var lockTimeout: UInt32
    /// Flags; ``VXI11Flags/termCharSet`` makes `termChar` end the read.
    public var flags: VXI11Flags
    /// The termination character (sent as a 32-bit value).
    public var termChar: UInt8

    /// Creates the arguments.
    public init(link: Int32, requestSize: UInt32, ioTimeout: UInt32, lockTimeout: UInt32, flags: VXI11Flags, termChar: UInt8) {
        self.link = link
        self.requestSize = requestSize
        self.ioTimeout = ioTimeout
        self.lockTimeout = lockTimeout
        self.flags = flags
        self.termChar = termChar
    }

    /// Appends the fields in order.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(link)
        writer.uint32(requestSize)
        writer.uint32(ioTimeout)
        writer.uint32(lockTimeout)
        writer.uint32(flags.rawValue)
        writer.uint32(UInt32(termChar))
    }

    /// Decodes the fields; only the low byte of the termination character is kept.
    public init(from reader: inout XDRReader) throws(XDRError) {
        link = try reader.int32("lid")
        requestSize = try reader.uint32("requestSize")
        ioTimeout = try reader.uint32("io_timeout")
        lockTimeout = try reader.uint32("lock_timeout")
        flags = VXI11Flags(rawValue: try reader.uint32("flags"))
        termChar = UInt8(truncatingIfNeeded: try reader.uint32("termChar"))
    }
}

/// device_read's result, `Device_ReadResp`: the error, why the read stopped, and the bytes.
public struct VXI11DeviceReadResponse: Sendable, Equatable, XDRCodable {
    /// The outcome.
    public var error: VXI11ErrorCode
    /// Why the read stopped; ``VXI11ReadReason/end`` ends the response message.
    public var reason: VXI11ReadReason
    /// The bytes read.
    public var data: [UInt8]

    /// Creates the result.
    public init(error: VXI11ErrorCode, reason: VXI11ReadReason, data: [UInt8]) {
        self.error = error
        self.reason = reason
        self.data = data
    }

    /// Appends error, reason and data.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(error.rawValue)
        writer.int32(reason.rawValue)
        writer.opaque(data)
    }

    /// Decodes error, reason and at most 16 MiB of data.
    public init(from reader: inout XDRReader) throws(XDRError) {
        error = VXI11ErrorCode(rawValue: try reader.int32("error"))
        reason = VXI11ReadReason(rawValue: try reader.int32("reason"))
        data = try reader.opaque("data", limit: 1 << 24)
    }
}
