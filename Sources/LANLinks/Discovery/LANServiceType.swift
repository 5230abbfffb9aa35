/// The DNS-SD service types LXI instruments announce (LXI Device Specification, LAN discovery), and how each
/// becomes a resource string.
public enum LANServiceType: String, Sendable, CaseIterable, Codable {
    /// `_lxi._tcp`: an LXI instrument's web interface; addressed over VXI-11 (`inst0`), which LXI requires.
    case lxi = "_lxi._tcp.local"
    /// `_vxi-11._tcp`: the VXI-11 core channel.
    case vxi11 = "_vxi-11._tcp.local"
    /// `_scpi-raw._tcp`: the raw SCPI socket.
    case scpiRaw = "_scpi-raw._tcp.local"
    /// `_hislip._tcp`: HiSLIP.
    case hislip = "_hislip._tcp.local"

    /// The resource string for an instance of this service at `host` (numeric) announced with `port`.
    public func resource(host: String, port: UInt16) -> String {
        switch self {
        case .lxi, .vxi11: return "TCPIP0::\(host)::inst0::INSTR"
        case .scpiRaw: return "TCPIP0::\(host)::\(port)::SOCKET"
        case .hislip: return port == 4880 ? "TCPIP0::\(host)::hislip0::INSTR" : "TCPIP0::\(host)::hislip0,\(port)::INSTR"
        }
    }
}
