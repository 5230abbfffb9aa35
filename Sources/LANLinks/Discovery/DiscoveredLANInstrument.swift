/// One LAN instrument found by ``LANDiscovery``: how it was found, its address and the resource string to paste.
public struct DiscoveredLANInstrument: Sendable, Equatable, Codable {
    /// `mdns` (DNS-SD announcement) or `vxi11-broadcast` (a portmapper answered the broadcast GETPORT).
    public var method: String
    /// The DNS-SD service type, for mDNS results.
    public var service: String?
    /// The announced instance name, for mDNS results.
    public var name: String?
    /// The instrument's IPv4 address.
    public var host: String
    /// The announced port (for VXI-11 broadcast results, the core channel's port).
    public var port: UInt16
    /// The resource string to put in a station file.
    public var resource: String
    /// The `*IDN?` reply, when the instrument answered one.
    public var identity: String?

    /// Creates a result.
    public init(method: String, service: String?, name: String?, host: String, port: UInt16, resource: String,
                identity: String? = nil) {
        self.method = method
        self.service = service
        self.name = name
        self.host = host
        self.port = port
        self.resource = resource
        self.identity = identity
    }
}
