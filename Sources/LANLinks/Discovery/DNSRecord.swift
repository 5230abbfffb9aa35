/// A resource record of a DNS response (RFC 1035 §4.1.3) as mDNS/DNS-SD uses them (RFC 6762, RFC 6763).
public struct DNSRecord: Sendable, Equatable {
    /// What the record says.
    public enum Data: Sendable, Equatable {
        /// PTR (type 12): a service type points at an instance name.
        case pointer(String)
        /// SRV (type 33): the instance's host name and port.
        case service(target: String, port: UInt16)
        /// TXT (type 16): key=value strings.
        case text([String])
        /// A (type 1): an IPv4 address in dotted form.
        case address(String)
        /// Any other type.
        case other(type: UInt16)
    }

    /// The owner name, e.g. `_vxi-11._tcp.local`.
    public var name: String
    /// The record's data.
    public var data: Data

    /// Creates a record.
    public init(name: String, data: Data) {
        self.name = name
        self.data = data
    }
}
