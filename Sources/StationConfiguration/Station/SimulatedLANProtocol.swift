/// How a simulated station's controller reaches its simulated LAN instruments, `simulation.lan_protocol:`.
public enum SimulatedLANProtocol: String, Sendable, Equatable, CaseIterable {
    /// The raw SCPI socket, `TCPIP0::127.0.0.1::PORT::SOCKET` (the default).
    case socket
    /// VXI-11, `TCPIP0::127.0.0.N::inst0::INSTR`, through the simulator's own portmapper.
    case vxi11
    /// HiSLIP, `TCPIP0::127.0.0.1::hislip0,PORT::INSTR`.
    case hislip
}
