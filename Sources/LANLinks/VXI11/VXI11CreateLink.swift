/// create_link's arguments, `Create_LinkParms` (VXI-11 rev 1.0, DEVICE_CORE RPCL).
public struct VXI11CreateLinkParameters: Sendable, Equatable, XDRCodable {
    /// A number the client chooses to tell its links apart.
    public var clientID: Int32
    /// Whether to take the device lock while creating the link.
    public var lockDevice: Bool
    /// How long to wait for the lock, in milliseconds.
    public var lockTimeout: UInt32
    /// The device name, e.g. `inst0`.
    public var device: String

    /// Creates the arguments.
    public init(clientID: Int32, lockDevice: Bool, lockTimeout: UInt32, device: String) {
        self.clientID = clientID
        self.lockDevice = lockDevice
        self.lockTimeout = lockTimeout
        self.device = device
    }

    /// Appends the fields in order.
    public func encode(into writer: inout XDRWriter) {
        writer.int32(clientID)
        writer.bool(lockDevice)
        writer.uint32(lockTimeout)
        writer.string(device)
    }

    /// Decodes the fields; the device name may be at most 256 bytes.
    public init(from reader: inout XDRReader) throws(XDRError) {
        clientID = try reader.int32("clientId")
        lockDevice = try reader.bool("lockDevice")
        lockTimeout = try reader.uint32("lock_timeout")
        device = try reader.string("device", limit: 256)
    }
}

/// create_link's result, `Create_LinkResp` (VXI-11 rev 1.0, DEVICE_CORE RPCL).
public struct VXI11CreateLinkResponse: Sendable, Equatable, XDRCodable {
    /// The outcome.
    public var error: VXI11ErrorCode
    /// The link id for later calls.
    public var link: Int32
    /// The TCP port of the abort channel.
    public var abortPort: UInt16
    /// The largest `data` a device_write may carry.
    public var maximumReceiveSize: UInt32

    /// Creates the result.
    public init(error: VXI11ErrorCode, link: Int32, abortPort: UInt16, maximumReceiveSize: UInt32) {
        self.error = error
        self.link = link
        self.abortPort = abortPort
        self.maximumReceiveSize = maximumReceiveSize
    }

    /// Appends the fields in order (the port as an unsigned int, as XDR has no 16-bit type).
    public func encode(into writer: inout XDRWriter) {
        writer.int32(error.rawValue)
        writer.int32(link)
        writer.uint32(UInt32(abortPort))
        writer.uint32(maximumReceiveSize)
    }

    /// Decodes the fields; an abort port above 65535 is rejected.
    public init(from reader: inout XDRReader) throws(XDRError) {
        error = VXI11ErrorCode(rawValue: try reader.int32("error"))
        link = try reader.int32("lid")
        let port = try reader.uint32("abortPort")
        guard port <= UInt32(UInt16.max) else { throw .invalidValue(field: "abortPort", value: port) }
        abortPort = UInt16(port)
        maximumReceiveSize = try reader.uint32("maxRecvSize")
    }
}
