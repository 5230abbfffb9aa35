import StationLinks

/// The addresses of one simulated LAN instrument in every protocol it is offered in.
public struct SimulatedLANResources: Sendable, Equatable {
    /// The raw SCPI socket, `TCPIP0::127.0.0.1::PORT::SOCKET`.
    public var socket: ResourceString
    /// VXI-11, `TCPIP0::127.0.0.N::inst0::INSTR`.
    public var vxi11: ResourceString
    /// HiSLIP, `TCPIP0::127.0.0.1::hislip0,PORT::INSTR`.
    public var hislip: ResourceString
    /// The port of the VXI-11 portmapper: 111 when the simulator could bind it, else a free port.
    public var portmapperPort: UInt16
}
