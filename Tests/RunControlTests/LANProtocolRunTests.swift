import Foundation
import Qualification
import RunControl
import Testing

/// A whole quick-check run with the simulated LAN instruments reached over VXI-11 or HiSLIP
/// (`simulation.lan_protocol`) gives the same verdicts as the same run over their raw sockets.
@Suite("Runs over VXI-11 and HiSLIP", .serialized)
struct LANProtocolRunTests {
    @Test("quick-check gives the same verdicts over SOCKET, VXI-11 and HiSLIP", arguments: ["vxi11", "hislip"])
    func sameVerdict(lanProtocol: String) async throws {
        let run = try SimulatedRun()
        let socket = try await run.run(station: try run.station([]))
        let station = try run.station([("  faults: []", "  lan_protocol: \(lanProtocol)\n  faults: []")])
        let lan = try await run.run(station: station)
        #expect(lan.verdict == socket.verdict)
        #expect(lan.assessment.criteria.map(\.name) == socket.assessment.criteria.map(\.name))
        #expect(lan.assessment.criteria.map(\.verdict) == socket.assessment.criteria.map(\.verdict))
        #expect(lan.document.lanes.count == socket.document.lanes.count)
    }
}
