import Certificates
import Foundation
import Qualification
import RunControl
import RunStore
import Testing

/// Whole simulated runs with the faults that used to turn evidence into wrong verdicts: lost lock, dark burn-in
/// lanes, a temperature excursion while measuring, and instruments rebooting mid-run. Every certificate is also
/// recomputed by the independent Python checker.
@Suite("Evidence under faults, from whole simulated runs")
struct EvidenceFaultTests {
    /// A 25 °C then 125 °C profile with the quick check's short gate.
    static func hotProfile(_ run: SimulatedRun) throws -> String {
        try run.profile("profiles/quick-check.yaml", [("  - point: 25", "  - point: 25\n  - point: 125")])
    }

    /// The station time (from the start of serving) at which step `index`'s last measurement started.
    static func measurementStart(_ outcome: RunOutcome, step index: Int) throws -> Double {
        let store = try RunStore.open(at: outcome.directory.storePath)
        let run = try store.run()
        let marker = try #require(try store.evidence(step: index).last { $0.quantity == MeasurementQuantity.measurementStart })
        return marker.time.timeIntervalSince(run.startedAt)
    }

    @Test("lanes that lose lock at 125 °C fail at that step and only there")
    func lostLockFailsTheLaneAtThatStep() async throws {
        let run = try SimulatedRun()
        let profile = try Self.hotProfile(run)
        let reference = try await run.run(station: try run.station([]), profile: profile)
        let start = try Self.measurementStart(reference, step: 1)
        // The quick gate decides within a second: lock is lost from the soak before the measurement to well after it.
        let outcome = try await run.run(
            station: try run.station([
                ("faults: []", "faults:\n    - { kind: lose-sync, role: bert, lanes: [3, 250], after_seconds: \(Int(start) - 10), seconds: 40 }")
            ]), profile: profile)
        for lane in [3, 250] {
            let evidence = outcome.assessment.lanes[lane].ber
            #expect(evidence.first { $0.step == 0 }?.meetsTarget == true, "lane \(lane) at 25 °C")
            let hot = try #require(evidence.first { $0.step == 1 })
            #expect(!hot.meetsTarget, "lane \(lane) at 125 °C")
            #expect(hot.lockLosses >= 1)
            #expect(outcome.assessment.lanes[lane].failures.contains { $0.contains("125 °C") && $0.contains("lock") })
        }
        #expect(outcome.verdict != .pass || outcome.assessment.remap.count >= 2)
        try IndependentChecker.check(reference)
        try IndependentChecker.check(outcome)
    }

    @Test("17 lanes going dark during burn-in fail the part; 16 are covered by the spares")
    func darkBurnInLanes() async throws {
        let run = try SimulatedRun()
        let profile = try run.profile("profiles/burn-in-overnight.yaml", [("hours: 12", "hours: 1")])
        for (count, failing) in [(17, true), (16, false)] {
            let lanes = (100..<(100 + count)).map(String.init).joined(separator: ", ")
            let outcome = try await run.run(
                station: try run.station([
                    ("dead_lanes: auto", "dead_lanes: 0"), ("weak_lanes: auto", "weak_lanes: 0"),
                    ("faults: []", "faults:\n    - { kind: dark-lanes, role: meter, lanes: [\(lanes)], after_seconds: 2400 }"),
                ]), profile: profile)
            let light = try #require(outcome.assessment.criteria.first { $0.name == "light at every burn-in read point" })
            if failing {
                #expect(outcome.verdict == .fail)
                #expect(light.verdict == .fail)
            } else {
                #expect(outcome.verdict != .fail, "\(outcome.assessment.reasons)")
                #expect(light.verdict == .pass)
            }
            #expect(outcome.assessment.lanes[100].failures.contains { $0.contains("dark") })
            try IndependentChecker.check(outcome)
        }
    }

    @Test("a temperature excursion during the gate repeats the measurement or ends INCOMPLETE, never PASS on that evidence")
    func excursionDuringTheGate() async throws {
        let run = try SimulatedRun()
        let reference = try await run.run(station: try run.station([]))
        let start = try Self.measurementStart(reference, step: 0)
        for (seconds, kelvin) in [(20, 3.0), (100_000, 4.0)] {
            let outcome = try await run.run(
                station: try run.station([
                    ("faults: []", "faults:\n    - { kind: temperature-excursion, role: chamber, after_seconds: \(Int(start) + 3), seconds: \(seconds), kelvin: \(kelvin) }")
                ]))
            if outcome.verdict == .pass {
                let window = try #require(outcome.assessment.steps.first?.window)
                #expect(window.repeats >= 1)
                #expect((window.dutMaximumCelsius ?? 99) <= 25 + window.bandKelvin)
            } else {
                #expect(outcome.verdict == .incomplete)
            }
            if seconds > 1000 { #expect(outcome.verdict == .incomplete) }
            let events = try SimulatedRun.events(outcome)
            #expect(events.contains { $0.message.contains("left the soak band") })
            try IndependentChecker.check(outcome)
        }
    }

    @Test(
        "an instrument rebooting mid-measurement never fails a good part",
        arguments: ["meter", "switch", "supply", "bert", "chamber"])
    func rebootNeverFails(role: String) async throws {
        let run = try SimulatedRun()
        let reference = try await run.run(station: try run.station([]))
        let start = try Self.measurementStart(reference, step: 0)
        let outcome = try await run.run(
            station: try run.station([
                ("faults: []", "faults:\n    - { kind: reboot, role: \(role), after_seconds: \(Int(start) + 4), seconds: 5 }")
            ]))
        #expect(outcome.verdict != .fail, "\(outcome.assessment.reasons)")
        if outcome.verdict == .pass {
            #expect(outcome.document.lanes.map(\.verdict) == reference.document.lanes.map(\.verdict))
        }
        try IndependentChecker.check(outcome)
    }

    @Test("a chamber that reboots while the DUT soaks is found and set again: the soak ends and the part passes as without it")
    func chamberRebootDuringTheSoak() async throws {
        let run = try SimulatedRun()
        let reference = try await run.run(station: try run.station([]))
        let outcome = try await run.run(
            station: try run.station([("faults: []", "faults:\n    - { kind: reboot, role: chamber, after_seconds: 3 }")]))
        #expect(outcome.verdict == reference.verdict, "\(outcome.assessment.reasons)")
        #expect(outcome.document.lanes.map(\.verdict) == reference.document.lanes.map(\.verdict))
        let events = try SimulatedRun.events(outcome)
        #expect(events.contains { $0.kind == "deviation" && $0.message.contains("the chamber had lost its settings") })
    }

    @Test("a DUT that trips the supply's current limit fails, with the cause named, and the station is made safe")
    func overCurrentIsTheDUTsFailure() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([("faults: []", "faults:\n    - { kind: over-current, role: supply, after_seconds: 60 }")]))
        #expect(outcome.verdict == .fail)
        #expect(outcome.assessment.reasons.first?.hasPrefix("DUT failure: over-current") == true, "\(outcome.assessment.reasons)")
        let events = try SimulatedRun.events(outcome)
        #expect(events.contains { $0.kind == DUTFailure.eventKind })
        #expect(events.contains { $0.message.contains("safe state") && $0.message.contains("supply off") })
        try IndependentChecker.check(outcome)
    }

    @Test("the independent checker agrees with certificates of several seeds", arguments: [1, 2, 3])
    func checkerAgreesAcrossSeeds(seed: Int) async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(
            station: try run.station([("seed: 20261123", "seed: \(seed)"), ("dead_lanes: auto", "dead_lanes: \(seed * 6)")]))
        #expect(outcome.verdict == (seed * 6 > 16 ? .fail : .pass), "\(outcome.assessment.reasons)")
        #expect(VerdictRecomputation.mismatches(outcome.document).isEmpty)
        try IndependentChecker.check(outcome)
    }

    @Test("the faulted cpo-qualification (seed 11, meter rebooting at 873 s) is never FAIL")
    func faultedQualification() async throws {
        let run = try SimulatedRun()
        let faults = """
            faults:
                - { kind: drop-replies, role: supply, probability: 0.02 }
                - { kind: garble-replies, role: switch, probability: 0.05 }
                - { kind: reboot, role: meter, after_seconds: 873, seconds: 120 }
            """
        // Short link timeouts: a dropped reply waits out the timeout on the wall clock.
        let outcome = try await run.run(
            station: try run.station([
                ("seed: 20261123", "seed: 11"), ("faults: []", faults),
                ("    driver: scpi-switch\n    resource: sim", "    driver: scpi-switch\n    resource: sim\n    timeout_ms: 100"),
                ("    driver: keithley-2460\n    resource: sim", "    driver: keithley-2460\n    resource: sim\n    timeout_ms: 100"),
            ]), profile: "profiles/cpo-qualification.yaml")
        #expect(outcome.verdict != .fail, "\(outcome.assessment.reasons)")
        let events = try SimulatedRun.events(outcome)
        #expect(events.contains { $0.message.contains("lost its settings") && $0.message.contains("meter") })
        try IndependentChecker.check(outcome)
    }
}
