/// The portmapper (program 100000, version 2, RFC 1833 §3) and its `mapping` argument.
///
/// GETPORT (procedure 3) takes a mapping whose port is ignored and returns the port as an `unsigned int`,
/// 0 when the program is not registered.
public struct PortmapperMapping: Sendable, Equatable, XDRCodable {
    /// The portmapper's program number.
    public static let program: UInt32 = 100_000
    /// The portmapper version VXI-11 clients use.
    public static let version: UInt32 = 2
    /// The well-known port.
    public static let wellKnownPort: UInt16 = 111
    /// PMAPPROC_NULL.
    public static let procedureNull: UInt32 = 0
    /// PMAPPROC_GETPORT.
    public static let procedureGetPort: UInt32 = 3
    /// IPPROTO_TCP, the protocol number for TCP.
    public static let protocolTCP: UInt32 = 6
    /// IPPROTO_UDP, the protocol number for UDP.
    public static let protocolUDP: UInt32 = 17

    /// The program asked about.
    public var program: UInt32
    /// Its version.
    public var version: UInt32
    /// The transport protocol (6 TCP, 17 UDP).
    public var protocolNumber: UInt32
    /// The port (ignored in a GETPORT call).
    public var port: UInt32

    /// Creates a mapping.
    public init(program: UInt32, version: UInt32, protocolNumber: UInt32 = PortmapperMapping.protocolTCP, port: UInt32 = 0) {
        self.program = program
        self.version = version
        self.protocolNumber = protocolNumber
        self.port = port
    }

    /// Appends prog, vers, prot and port.
    public func encode(into writer: inout XDRWriter) {
        writer.uint32(program)
        writer.uint32(version)
        writer.uint32(protocolNumber)
        writer.uint32(port)
    }

    /// Decodes prog, vers, prot and port.
    public init(from reader: inout XDRReader) throws(XDRError) {
        program = try reader.uint32("mapping prog")
        version = try reader.uint32("mapping vers")
        protocolNumber = try reader.uint32("mapping prot")
        port = try reader.uint32("mapping port")
    }
}
