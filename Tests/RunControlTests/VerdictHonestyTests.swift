import Foundation
import Qualification
import RunControl
import RunStore
import Testing

/// PASS only on complete, in-calibration evidence; FAIL only for the DUT's own failures; a station fault,
/// interlock or expired calibration makes the run INCOMPLETE — and the station ends in its safe state.
@Suite("Verdicts from whole simulated runs")
struct VerdictHonestyTests {
    @Test("a healthy simulated bench passes the quick check, with evidence for every lane")
    func healthyPasses() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(station: try run.station([]))
        #expect(outcome.verdict == .pass)
        #expect(outcome.document.lanes.count == 416)
        #expect(outcome.assessment.criteria.allSatisfy { $0.verdict == .pass })
        // run.sqlite is self-contained: the exact station and profile text and the joined plan's rules.
        let store = try RunStore.open(at: outcome.directory.storePath)
        let record = try store.run()
        #expect(try store.document(RunStore.DocumentName.station) == String(contentsOfFile: record.stationPath, encoding: .utf8))
        #expect(try store.document(RunStore.DocumentName.profile) == String(contentsOfFile: record.profilePath, encoding: .utf8))
        let plan = try #require(try store.document(RunStore.DocumentName.plan))
        let rules = try JSONDecoder().decode(VerdictParameters.self, from: Data(plan.utf8))
        #expect(rules == outcome.document.verdictInputs?.parameters)
        try IndependentChecker.check(outcome)
    }

    @Test("more dead lanes than spares is the DUT's own failure: FAIL, naming the sparing criterion")
    func tooManyDeadLanesFail() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(station: try run.station([("dead_lanes: auto", "dead_lanes: 20")]))
        #expect(outcome.verdict == .fail)
        let failing = outcome.assessment.criteria.filter { $0.verdict == .fail }.map(\.name)
        #expect(failing.contains { $0.contains("spare") || $0.contains("lane") }, "\(failing)")
    }

    @Test("a meter calibration that expires before the run ends makes it INCOMPLETE, naming the meter")
    func expiredCalibration() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([("calibrated: 2026-03-01\n      due: 2027-03-01\n      uncertainty: { optical_power_percent",
                                       "calibrated: 2025-03-01\n      due: 2026-03-01\n      uncertainty: { optical_power_percent")]))
        #expect(outcome.verdict == .incomplete)
        #expect(outcome.assessment.reasons.contains { $0.contains("meter") && $0.contains("CAL-SIM-PM-0001") })
    }

    @Test("a BERT that stops answering is a station fault: INCOMPLETE, never FAIL, and the station is made safe")
    func silentBERT() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([
                ("faults: []", "faults:\n    - { kind: silence, role: bert, after_seconds: 30, seconds: 100000 }"),
                ("    driver: scpi-bert\n    resource: sim", "    driver: scpi-bert\n    resource: sim\n    timeout_ms: 200"),
            ]))
        #expect(outcome.verdict == .incomplete)
        #expect(outcome.assessment.reasons.contains { $0.contains("bert") })
        let events = try SimulatedRun.events(outcome)
        #expect(events.contains { $0.kind == "retry" })
        #expect(events.contains { $0.kind == "fault" })
        #expect(events.contains { $0.message.contains("safe state") && $0.message.contains("supply off") })
    }

    @Test("a chamber alarm is an interlock: INCOMPLETE with the alarm as the reason")
    func chamberAlarm() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([("faults: []", "faults:\n    - { kind: chamber-alarm, role: chamber, after_seconds: 40 }")]))
        #expect(outcome.verdict == .incomplete)
        #expect(outcome.assessment.reasons.contains { $0.contains("alarm") })
    }

    @Test("occasional garbled replies are retried and recorded as deviations; the verdict still stands")
    func glitchesAreDeviations() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([("faults: []", "faults:\n    - { kind: garble-replies, role: meter, probability: 0.01 }")]))
        #expect(outcome.verdict == .pass)
        #expect(outcome.document.deviations.contains { $0.kind == "retry" })
    }

    @Test("a burn-in too short to resolve drift is INCOMPLETE, not a FAIL from extrapolated noise")
    func shortBurnIn() async throws {
        let run = try SimulatedRun()
        let profile = try run.profile("profiles/burn-in-overnight.yaml", [("hours: 12", "hours: 1")])
        let outcome = try await run.run(station: try run.station([]), profile: profile)
        #expect(outcome.verdict == .incomplete)
        let drift = try #require(outcome.assessment.criteria.first { $0.name == "burn-in drift" })
        #expect(drift.verdict == .incomplete)
        #expect(drift.detail.contains("too short"))
        // Only dark (dead) lanes, whose "power" is the meter's noise floor, may fail on drift; no lit lane does.
        let driftFailures = outcome.assessment.lanes.filter { lane in lane.failures.contains { $0.contains("drift") } }
        #expect(driftFailures.allSatisfy { lane in (lane.burnIn?.maximum?.watts ?? 0) < 1e-6 }, "\(driftFailures.map(\.lane))")
        // The certificate summarises each lane's burn-in (7 read points in 1 h) instead of listing every reading.
        let lane = try #require(outcome.document.lanes.first { $0.lane == 0 })
        #expect(lane.power.isEmpty)
        #expect(lane.drift?.readPoints == 7)
        #expect(lane.drift?.firstWatts != nil && lane.drift?.minimumWatts != nil && lane.drift?.maximumWatts != nil)
    }
}
