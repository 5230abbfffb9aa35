/// The LAN protocol a ``LANLinkError`` arose in.
public enum LANProtocol: String, Sendable, Equatable {
    /// The ONC RPC portmapper (program 100000).
    case portmapper = "portmapper"
    /// ONC RPC itself (record marking, reply status).
    case rpc = "ONC RPC"
    /// The VXI-11 core channel (program 395183).
    case vxi11 = "VXI-11"
    /// HiSLIP (IVI-6.1).
    case hislip = "HiSLIP"
}
