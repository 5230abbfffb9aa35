import Foundation
import Qualification
import RunStore
import StationConfiguration
import Testing

/// The verdict engine's reduction of run.sqlite to the verdict inputs: only a step's last measurement counts (an
/// abandoned one stays stored before it), the measurement window excludes the ramp and soak, and each lane's gate
/// evidence is its recorded decision counts.
@Suite struct VerdictEngineTests {
    @Test func onlyTheLastMeasurementOfAStepIsEvidence() throws {
        let (profile, station) = try PlanTests.load(profile: "profiles/quick-check.yaml")
        let plan = Plan(profile: profile, station: station)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-engine-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let start = Date(timeIntervalSince1970: 1_772_352_000)
        let record = RunRecord(
            id: "ENGINE-1", dut: "ENGINE-1", operatorName: "test", stationPath: station.path, stationSHA256: station.sha256,
            profilePath: profile.path, profileSHA256: profile.sha256, profileName: profile.name, profileVersion: profile.version,
            softwareVersion: "test", startedAt: start, metadata: [:])
        let store = try RunStore.create(
            at: directory.appendingPathComponent("run.sqlite").path, run: record,
            steps: plan.steps.map { StepRecord(index: $0.index, kind: $0.kind, name: $0.name, setpointCelsius: $0.celsius) })
        let step = try #require(plan.steps.first)
        let lanes = profile.dut.lanes
        let look = try #require(try VerdictEngine.parameters(plan: plan).gates.first?.plan.looks.first?.bits)
        let attempt = try store.beginStep(step.index, at: start)
        var time = start
        func reading(_ lane: Int?, _ quantity: String, _ value: Double) -> MeasurementRecord {
            time = time.addingTimeInterval(1)
            return MeasurementRecord(
                stepIndex: step.index, attempt: attempt, lane: lane, quantity: quantity, value: value, unit: "", time: time, instrument: "test")
        }
        func decisions(accepted: Bool, errorsOnLane5: Double) -> [MeasurementRecord] {
            (0..<lanes).flatMap { lane -> [MeasurementRecord] in
                let errors = lane == 5 ? errorsOnLane5 : 0
                return [
                    reading(lane, MeasurementQuantity.berDecision, accepted && errors == 0 ? 1 : 0),
                    reading(lane, MeasurementQuantity.berDecisionBits, look + 1),
                    reading(lane, MeasurementQuantity.berDecisionErrors, errors),
                    reading(lane, MeasurementQuantity.berLockLosses, 0),
                    reading(lane, MeasurementQuantity.berRestarts, 0),
                ]
            }
        }
        // Ramp and soak: far from the setpoint, not part of the window.
        try store.record([reading(nil, "dut_temperature", 40)])
        // A measurement abandoned after an excursion: dark lanes and rejections that must not count.
        try store.record(
            [reading(nil, MeasurementQuantity.measurementStart, 0), reading(nil, "dut_temperature", 28)]
                + (0..<lanes).map { reading($0, "optical_power", 0) } + decisions(accepted: false, errorsOnLane5: 9))
        // The repeat that stands.
        try store.record(
            [reading(nil, MeasurementQuantity.measurementStart, 1), reading(nil, "dut_temperature", step.celsius + 0.2),
             reading(nil, "supply_voltage", 1.8), reading(nil, "supply_current", 1.0)]
                + (0..<lanes).map { reading($0, "optical_power", 1e-4) } + decisions(accepted: true, errorsOnLane5: 3))
        try store.completeStep(step.index, at: time)

        let engine = VerdictEngine(plan: plan, store: store)
        let inputs = try engine.inputs(incompleteReason: nil, calibrationProblems: [])
        let window = try #require(inputs.evidence.steps.first?.window)
        #expect(window.repeats == 1)
        #expect(window.samples == 1)
        #expect(window.dutMinimumCelsius == step.celsius + 0.2)
        #expect(inputs.evidence.steps.first?.supplyWatts == 1.8)
        #expect(inputs.evidence.lanes[0].power.first?.watts == 1e-4)
        #expect(inputs.evidence.lanes[5].gates.first?.errors == 3)
        #expect(inputs.evidence.lanes[0].gates.first?.decision == "accept")
        let assessment = try engine.assess(incompleteReason: nil, calibrationProblems: [])
        #expect(assessment.verdict == .pass, "\(assessment.reasons)")
        #expect(assessment.lanes.filter { !$0.passed }.map(\.lane) == [5])
        #expect(assessment == VerdictRules.judge(inputs))
        // A DUT failure recorded as an event is read back from the store: FAIL with its cause.
        try store.record(EventRecord(time: time, stepIndex: nil, kind: DUTFailure.eventKind, message: "over-current: 2.6 A"))
        let failed = try engine.assess(incompleteReason: nil, calibrationProblems: [])
        #expect(failed.verdict == .fail)
        #expect(failed.reasons == ["DUT failure: over-current: 2.6 A"])
    }
}
