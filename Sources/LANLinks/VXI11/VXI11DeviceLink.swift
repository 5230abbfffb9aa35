/// `Device_Link` (VXI-11 rev 1.0, DEVICE_CORE RPCL): the only argument of device_unlock and destroy_link.
public struct VXI11DeviceLink: Sendable, Equatable, XDRCodable {
    /// The link id.
    public var link: Int32

    /// Creates the argument.
    public init(link: Int32) { self.link = link }

    /// Appends the link id.
    public func encode(into writer: inout XDRWriter) { writer.int32(link) }

    /// Decodes the link id.
    public init(from reader: inout XDRReader) throws(XDRError) { link = try reader.int32("lid") }
}
