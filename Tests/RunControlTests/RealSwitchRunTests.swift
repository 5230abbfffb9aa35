import Foundation
import Qualification
import RunControl
import Testing

/// Whole simulated qualifications read the lanes' light through the real switch families' command sets: the
/// Keysight N7731C of `stations/simulated-alternate.yaml`, and a JDSU SB in place of `scpi-switch`.
@Suite("Runs through the Keysight N7731C and JDSU SB switches", .serialized)
struct RealSwitchRunTests {
    @Test("quick-check on stations/simulated-alternate.yaml (a Keysight N7731C) gives the verdicts of scpi-switch")
    func alternateStationGivesTheSameVerdicts() async throws {
        let run = try SimulatedRun()
        let station = SimulatedRun.packageRoot.appendingPathComponent("stations/simulated-alternate.yaml").path
        let text = try String(contentsOfFile: station, encoding: .utf8)
        let keysight = try #require(text.range(of: "driver: keysight-n7731c"))
        let reference = run.scratch.appendingPathComponent("alternate-scpi-switch.yaml").path
        try text.replacingCharacters(in: keysight, with: "driver: scpi-switch").write(toFile: reference, atomically: true, encoding: .utf8)
        let outcome = try await run.run(station: station)
        let expected = try await run.run(station: reference)
        #expect(outcome.verdict == expected.verdict)
        #expect(outcome.assessment.criteria.map(\.verdict) == expected.assessment.criteria.map(\.verdict))
        #expect(outcome.verdict != .incomplete, "\(outcome.assessment.criteria.map { "\($0.name) \($0.verdict)" })")
        #expect(outcome.document.instruments.contains { $0.role == "switch" && $0.model == "N7731C" })
    }

    @Test("quick-check through a JDSU SB gives the verdicts it gives through scpi-switch")
    func sbGivesTheSameVerdicts() async throws {
        let run = try SimulatedRun()
        let reference = try await run.run(station: try run.station([]))
        let sb = try await run.run(station: try run.station([("driver: scpi-switch", "driver: jdsu-sb")]))
        #expect(sb.verdict == reference.verdict)
        #expect(sb.assessment.criteria.map(\.name) == reference.assessment.criteria.map(\.name))
        #expect(sb.assessment.criteria.map(\.verdict) == reference.assessment.criteria.map(\.verdict))
        #expect(sb.document.lanes.count == reference.document.lanes.count)
        #expect(sb.document.instruments.contains { $0.role == "switch" && $0.model?.hasPrefix("SB416") == true })
    }
}
