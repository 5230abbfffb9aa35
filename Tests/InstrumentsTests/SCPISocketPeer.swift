import Foundation
import Instruments
import StationLinks

/// An independent SCPI instrument (`Peers/scpi_socket_peer.py`) as a child process on a loopback TCP port.
///
/// The peer answers from a table of replies written from the instruments' manuals and public drivers (never
/// from QualStation's simulators), can hold back replies past a timeout, and logs `RX` / `TX` lines.
final class SCPISocketPeer {
    /// Where the driver connects.
    let resource: ResourceString
    private let process: PeerProcess

    /// The peer script, next to this file.
    static let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Peers/scpi_socket_peer.py").path

    private init(resource: ResourceString, process: PeerProcess) {
        self.resource = resource
        self.process = process
    }

    /// Starts the peer with `replies` (query header → reply, or replies in turn) and `delays`
    /// (`HEADER=MS:N`), and waits until it listens; the queries in `fixed` keep their reply whatever is set (a stuck
    /// mechanism). `carriageReturn` makes it an RS-232 instrument (a CR ends a
    /// message, replies end with CR LF, no IEEE 488.2 common commands built in), such as a JDSU SB switch.
    static func start(
        replies: [String: [String]], delays: [String] = [], carriageReturn: Bool = false, fixed: [String] = []
    ) async throws -> SCPISocketPeer {
        let arguments = delays.flatMap { ["--delay", $0] } + fixed.flatMap { ["--fixed", $0] }
            + (carriageReturn ? ["--terminator", "cr"] : [])
        let process = try await PeerProcess.start(
            script: script, arguments: arguments, ready: "READY ", patience: .seconds(90)
        ) { directory in
            let table = directory.appendingPathComponent("replies.json")
            try JSONSerialization.data(withJSONObject: replies).write(to: table)
            return ["--replies", table.path]
        }
        guard let port = UInt16(process.readyLine.dropFirst("READY ".count)) else {
            process.stop()
            throw PeerProcessError(description: "the SCPI peer reported no port: \(process.readyLine)")
        }
        return SCPISocketPeer(resource: .tcpSocket(board: 0, host: "127.0.0.1", port: port), process: process)
    }

    /// Messages the peer received, in order (JSON-escaped).
    var received: [String] { process.lines("RX") }

    /// Replies the peer sent, in order (JSON-escaped: a NUL shows as `\u0000`).
    var sent: [String] { process.lines("TX") }

    /// The configuration for driver `name` talking to this peer.
    func configuration(
        _ name: String, timeout: Duration = answeredTimeout, supplyLimits: SupplyLimits? = nil,
        chamberLimits: ChamberLimits? = nil
    ) -> DriverConfiguration {
        DriverConfiguration(
            role: "role-under-test", driver: name, resource: resource, timeout: timeout, retries: testRetries,
            chamberLimits: chamberLimits, supplyLimits: supplyLimits)
    }

    /// Ends the peer and removes its files.
    func stop() {
        process.stop()
    }
}
