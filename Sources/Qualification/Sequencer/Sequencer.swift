import PRBS
import Foundation
import Instruments
import RunStore
import StationClock
import StationConfiguration

/// How a run of the sequencer ended.
public enum SequencerOutcome: Sendable, Equatable {
    /// Every step completed: the evidence is complete and the verdict can be computed.
    case completed
    /// A station fault, interlock, abort or signal stopped the run; it can be resumed.
    case incomplete(reason: String)
    /// The DUT failed in a way that stopped the run (over-current): the run is over, its verdict FAIL.
    case dutFailed(reason: String)
}

/// Executes a plan step by step on a connected station, recording every reading as it is taken.
///
/// Steps already complete in the run store are skipped, so the same call resumes a run: the first incomplete
/// step starts again from its ramp and soak (temperature is re-established before measuring), and its
/// interrupted attempt's readings stay stored but are superseded.
public struct Sequencer: Sendable {
    let plan: Plan
    let station: ConnectedStation
    let recorder: RunRecorder
    let clock: any StationClock
    let progress: any ProgressReporter

    /// Creates a sequencer.
    public init(plan: Plan, station: ConnectedStation, recorder: RunRecorder, clock: any StationClock, progress: any ProgressReporter) {
        self.plan = plan
        self.station = station
        self.recorder = recorder
        self.clock = clock
        self.progress = progress
    }

    /// Runs the remaining steps. Cancellation (Ctrl-C, SIGTERM) and faults end in the safe state.
    public func run() async -> SequencerOutcome {
        let supervisor = SafetySupervisor(station: station, recorder: recorder)
        do {
            var state = SequencerState(pattern: try await prepareDUT())
            let stored = try recorder.store.steps()
            let pending = plan.steps.filter { step in stored.first { $0.index == step.index }?.status != .complete }
            for step in pending {
                try Task.checkCancellation()
                try await execute(step, supervisor: supervisor, state: &state)
            }
            try await station.supply.setOutput(false)
            try await station.bert.setOutputs(false)
            try await station.chamber.goToSafeState()
            return .completed
        } catch let failure as DUTFailure {
            recorder.event(DUTFailure.eventKind, failure.reason)
            await supervisor.bringToSafeState(reason: "DUT failure: \(failure.reason)")
            return .dutFailed(reason: failure.reason)
        } catch {
            let reason = Self.reason(for: error)
            recorder.event("fault", reason)
            await supervisor.bringToSafeState(reason: reason)
            return .incomplete(reason: reason)
        }
    }

    /// The INCOMPLETE reason of a run stopped by Ctrl-C or SIGTERM: an interruption, which
    /// `qualstation resume --all-interrupted` resumes by itself.
    public static let signalAbortReason = "aborted by the operator (signal)"

    static func reason(for error: any Error) -> String {
        switch error {
        case is CancellationError: return signalAbortReason
        case let fault as StationFault: return fault.reason
        case let limit as SafetyLimitError: return "safety limit: \(limit)"
        case let instrument as InstrumentError: return "station fault: \(instrument)"
        default: return "station fault: \(error)"
        }
    }

    /// Configures the meter, chamber, supply and BERT for the DUT; returns the BERT's pattern setting.
    private func prepareDUT() async throws -> BERTPatternSetting? {
        let dut = plan.profile.dut
        try await station.meter.setWavelength(dut.wavelengthNanometres)
        try await station.chamber.start()
        try await station.supply.configure(volts: dut.supplyVolts, currentLimit: dut.supplyCurrentLimitAmps)
        try await station.supply.setOutput(true)
        let setting = try await Self.configurePattern(station.bert, plan: plan)
        try await station.bert.setOutputs(true)
        recorder.event("info", "DUT powered at \(dut.supplyVolts) V (limit \(dut.supplyCurrentLimitAmps) A); BERT outputs on")
        return setting
    }

    /// Sets the BERT to the pattern of the plan's first gate; returns that setting (nil for a plan without gates).
    static func configurePattern(_ bert: any BitErrorRatioTester, plan: Plan) async throws -> BERTPatternSetting? {
        let gate = plan.steps.lazy.compactMap { step -> BERGate? in
            if case .temperaturePoint(let point) = step.action { return point.gate }
            return nil
        }.first
        guard let gate else { return nil }
        try await bert.configure(pattern: gate.pattern, inverted: gate.inverted, lineRateBitsPerSecond: plan.profile.dut.lineRateGbps * 1e9)
        return BERTPatternSetting(pattern: gate.pattern, inverted: gate.inverted)
    }

    private func execute(_ step: PlanStep, supervisor: SafetySupervisor, state: inout SequencerState) async throws {
        let attempt = try recorder.begin(step: step.index)
        progress.event("step \(step.index + 1)/\(plan.steps.count): \(step.name)" + (attempt > 1 ? " (attempt \(attempt))" : ""))
        let total = plan.steps.count
        let progress = self.progress
        let clock = self.clock
        let estimate = PlanDurationEstimate(plan: plan)
        let stepStart = clock.now
        let remaining: @Sendable () -> Double = {
            estimate.remainingSeconds(inStep: step.index, elapsed: clock.now.timeIntervalSince(stepStart))
        }
        let thermal = ThermalController(
            station: station, clock: clock, recorder: recorder, supervisor: supervisor,
            report: { phase, air, dut in
                progress.status(
                    ProgressStatus(
                        step: step.name, stepNumber: step.index + 1, stepCount: total, phase: phase, airCelsius: air,
                        dutCelsius: dut, remainingSeconds: remaining()))
            })
        let rate = rampRate(to: step)
        switch step.action {
        case .temperaturePoint(let point):
            try await purgeIfNeeded(from: step, to: point.celsius)
            try await thermal.reach(point.celsius, rule: point.soak, rate: rate)
            let wanted = BERTPatternSetting(pattern: point.gate.pattern, inverted: point.gate.inverted)
            if point.measure.ber, wanted != state.pattern {
                try await station.bert.configure(
                    pattern: point.gate.pattern, inverted: point.gate.inverted, lineRateBitsPerSecond: plan.profile.dut.lineRateGbps * 1e9)
                state.pattern = wanted
            }
            try await measure(
                at: point.celsius, soak: point.soak, gate: point.gate, measure: point.measure, step: step, thermal: thermal,
                supervisor: supervisor,
                report: { done, lanes in
                    progress.status(
                        ProgressStatus(
                            step: step.name, stepNumber: step.index + 1, stepCount: total, phase: "gate", lanesDone: done,
                            lanesTotal: lanes, remainingSeconds: remaining()))
                })
        case .dwell(let celsius, let seconds, let soak):
            try await purgeIfNeeded(from: step, to: celsius)
            try await thermal.reach(celsius, rule: soak, rate: rate)
            try await hold(seconds: seconds, thermal: thermal)
        case .burnInReadPoint(let stage, let readPoint, _):
            if readPoint > 0, let previous = state.lastReadPoint {
                // Still at temperature since the previous read point: keep the schedule, no new soak.
                try await hold(seconds: previous.addingTimeInterval(stage.readEveryMinutes * 60).timeIntervalSince(clock.now), thermal: thermal)
            } else {
                // The stage's start, or a resume: temperature is (re-)established before measuring.
                try await thermal.reach(stage.celsius, rule: stage.soak, rate: rate)
            }
            state.lastReadPoint = clock.now
            try await measure(
                at: stage.celsius, soak: stage.soak, gate: nil, measure: MeasurementSet(ber: false, opticalPower: true, supplyPower: true),
                step: step, thermal: thermal, supervisor: supervisor, report: { _, _ in })
        }
        try recorder.complete(step: step.index)
    }

    /// Measures at temperature; when a measurement is interrupted (the DUT left the band, an instrument lost its
    /// settings) soaks again and repeats it, up to the soak rule's `max_repeats` times. The readings of an
    /// abandoned measurement stay stored before the next `measurement_start` marker; the verdict reads only the last.
    private func measure(
        at celsius: Double, soak: SoakRule, gate: BERGate?, measure: MeasurementSet, step: PlanStep, thermal: ThermalController,
        supervisor: SafetySupervisor, report: @escaping @Sendable (Int, Int) -> Void
    ) async throws {
        let runner = MeasurementRunner(
            station: station, clock: clock, recorder: recorder, supervisor: supervisor, thermal: thermal, lanes: plan.profile.dut.lanes,
            lineRate: plan.profile.dut.lineRateGbps * 1e9, target: celsius, bandKelvin: soak.bandKelvin, report: report)
        try await Self.measureRepeating(runner, gate: gate, measure: measure, soak: soak, step: step)
    }

    /// Runs `runner`'s measurement; when it is interrupted, soaks again and repeats it (see ``measure``).
    static func measureRepeating(
        _ runner: MeasurementRunner, gate: BERGate?, measure: MeasurementSet, soak: SoakRule, step: PlanStep
    ) async throws {
        let recorder = runner.recorder
        var repeats = 0
        while true {
            try recorder.record([RunRecorder.Reading(quantity: MeasurementQuantity.measurementStart, value: Double(repeats), unit: "1", instrument: "station")])
            do {
                try await runner.run(gate: gate, measure: measure)
                return
            } catch let interruption as MeasurementInterruption {
                guard repeats < soak.maximumRepeats else {
                    throw StationFault(
                        "the measurement at \(step.name) was interrupted \(repeats + 1) time(s), the last time because \(interruption.reason)")
                }
                repeats += 1
                recorder.event(
                    "deviation",
                    "measurement at \(step.name) abandoned: \(interruption.reason); soaking again and repeating it (repeat \(repeats) of at most \(soak.maximumRepeats))")
                if gate != nil { try? await runner.station.bert.stopGate() }
                try await runner.thermal.soak(runner.target, rule: soak)
            }
        }
    }

    /// Holds at temperature, sampling the chamber (and interlocks) every few minutes.
    private func hold(seconds: Double, thermal: ThermalController) async throws {
        let end = clock.now.addingTimeInterval(seconds)
        while clock.now < end {
            try await clock.sleep(until: min(end, clock.now.addingTimeInterval(300)))
            try await thermal.sample()
            let reading = try await station.supply.measure()
            try await SafetySupervisor(station: station, recorder: recorder).checkSupply(reading)
        }
    }

    /// The ramp rate for a step: the condensation guard's slow rate when warming through the dew point.
    private func rampRate(to step: PlanStep) -> Double? {
        guard let rate = plan.condensationRampRate(into: step), let guardRule = plan.profile.condensation else { return nil }
        recorder.event("info", "condensation guard: warming through the dew point (\(guardRule.dewPointCelsius) °C) at \(rate) K/min")
        return rate
    }

    /// With the purge strategy, keeps dry gas flowing whenever the step starts or ends below the dew point.
    private func purgeIfNeeded(from step: PlanStep, to celsius: Double) async throws {
        guard let guardRule = plan.profile.condensation, guardRule.strategy == .purge else { return }
        let previous = step.index > 0 ? plan.steps[step.index - 1].celsius : celsius
        let purge = min(previous, celsius) < guardRule.dewPointCelsius
        try await station.chamber.setPurge(purge)
        if purge { recorder.event("info", "condensation guard: purge on (below the \(guardRule.dewPointCelsius) °C dew point)") }
    }
}

/// What the sequencer carries from one step to the next.
struct SequencerState {
    /// The BERT's current pattern setting.
    var pattern: BERTPatternSetting?
    /// When the latest burn-in read point started measuring, in this session.
    var lastReadPoint: Date?
}

/// The pattern and polarity the BERT is set to, so a step reconfigures it only when its gate asks for another.
struct BERTPatternSetting: Equatable, Sendable {
    var pattern: PRBSPattern
    var inverted: Bool
}
