import LANLinks
import StationLinks

/// One simulated LAN instrument offered over VXI-11 and HiSLIP as well as its raw socket: a portmapper and a
/// VXI-11 core channel on the instrument's own loopback address (`127.0.0.N`, so that every instrument can be
/// `inst0` behind a portmapper of its own), and a HiSLIP server on 127.0.0.1, all relaying to the raw SCPI socket
/// and sharing one lock.
///
/// For `qualstation simulate` the portmapper listens on port 111 when it can bind it (as root, or in a network
/// namespace a test made), so that any VISA client finds it; otherwise, and always for the in-process simulators
/// of `resource: sim` stations (which need not compete for 111), on a free port, which ``portmapperPort`` reports
/// so the controller can be told (a station file's `portmapper_port:`, or directly for `resource: sim` stations).
final class SimulatedLANFront: Sendable {
    /// `TCPIP0::127.0.0.N::inst0::INSTR`.
    let vxi11Resource: ResourceString
    /// `TCPIP0::127.0.0.1::hislip0,PORT::INSTR`.
    let hislipResource: ResourceString
    /// Where the VXI-11 portmapper listens.
    let portmapperPort: UInt16
    private let portmapper: PortmapperServer
    private let core: VXI11Server
    private let hislip: HiSLIPServer

    /// Starts the servers in front of the raw socket on 127.0.0.1:`socketPort`; VXI-11 is served on `vxi11Host`.
    init(socketPort: UInt16, vxi11Host: String, preferWellKnownPortmapperPort: Bool) throws {
        let relay = SCPISocketRelay(host: "127.0.0.1", port: socketPort)
        let locks = LANLockTable()
        core = try VXI11Server(host: vxi11Host, port: 0, device: "inst0", backend: relay, locks: locks)
        do {
            portmapper = preferWellKnownPortmapperPort
                ? try PortmapperServer.preferringWellKnownPort(host: vxi11Host, mappings: [core.mapping])
                : try PortmapperServer(host: vxi11Host, port: 0, mappings: [core.mapping])
        } catch {
            core.stop()
            throw error
        }
        do {
            hislip = try HiSLIPServer(host: "127.0.0.1", port: 0, device: "hislip0", backend: relay, locks: locks)
        } catch {
            core.stop()
            portmapper.stop()
            throw error
        }
        portmapperPort = portmapper.port
        vxi11Resource = .vxi11(board: 0, host: vxi11Host, device: "inst0")
        hislipResource = .hislip(board: 0, host: "127.0.0.1", device: "hislip0", port: hislip.port)
    }

    /// Stops the three servers.
    func stop() {
        portmapper.stop()
        core.stop()
        hislip.stop()
    }
}
