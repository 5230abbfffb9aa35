import Foundation
import LinkStatistics

/// The verdict rules: a pure function from ``VerdictInputs`` to an ``Assessment``.
///
/// The run's verdict (``VerdictEngine``), `qualstation certificate verify` and the independent checker
/// (scripts/check-certificate.py) all apply these rules to the same inputs, so they must agree to the last lane.
///
/// - Every lane gets its failures: a BER gate not accepting it (recomputed from its counts and the step's stopping
///   plan) or a loss of lock the sync policy does not forgive; optical power outside the window (narrowed by the
///   guard band); retention below its threshold; a dark or unmeasured burn-in read point; drift beyond the critical
///   level.
/// - Sparing maps failed active lanes onto passing spares. The *counted* lanes are the ones the part would use:
///   the passing active lanes, the spares replacing failed ones, and the failed active lanes nothing replaces.
/// - Each per-lane criterion fails when a counted lane fails it; its measured value is the worst counted lane, or
///   the count of counted lanes that miss it.
/// - The overall verdict: INCOMPLETE when any calibration was not valid; FAIL when the DUT failed in a way that
///   stopped the run; INCOMPLETE when evidence is missing or a station fault stopped the run; FAIL when a criterion
///   failed; INCOMPLETE when a criterion cannot be decided; PASS otherwise.
public enum VerdictRules {
    /// Applies the rules.
    public static func judge(_ inputs: VerdictInputs) -> Assessment {
        var judge = Judgement(inputs: inputs)
        return judge.assess()
    }

    /// A list of lane numbers for messages, sorted, the first twelve shown: `[3, 17, 250, …]`.
    public static func laneList(_ lanes: [Int]) -> String {
        guard !lanes.isEmpty else { return "" }
        let sorted = lanes.sorted()
        let shown = sorted.prefix(12).map(String.init).joined(separator: ", ")
        return "[" + shown + (sorted.count > 12 ? ", …" : "") + "]"
    }

    /// Optical power in dBm; dark readings (≤ 0 W) map to −150 dBm.
    public static func dBm(_ watts: Double) -> Double {
        10 * log10(max(watts, 1e-18) / 1e-3)
    }
}

/// One application of the rules, accumulating lane failures as the criteria are judged.
struct Judgement {
    let inputs: VerdictInputs
    var lanes: [LaneResult]
    var incomplete: [String] = []

    init(inputs: VerdictInputs) {
        self.inputs = inputs
        let parameters = inputs.parameters
        lanes = (0..<parameters.lanes).map { lane in
            LaneResult(
                lane: lane, role: lane < parameters.requiredLanes ? "active" : "spare", powerByStep: [:], burnIn: nil, ber: [],
                failures: [], warnings: [])
        }
    }

    var parameters: VerdictParameters { inputs.parameters }
    var steps: [StepEvidence] { inputs.evidence.steps }

    func step(_ index: Int) -> StepEvidence? { steps.first { $0.index == index } }

    func stepName(_ index: Int) -> String { step(index)?.name ?? "step \(index)" }

    mutating func assess() -> Assessment {
        let evidence = inputs.evidence
        incomplete = evidence.incomplete
        checkSteps()
        for laneEvidence in evidence.lanes where lanes.indices.contains(laneEvidence.lane) {
            collect(laneEvidence)
        }
        for step in steps where step.complete && step.measuresOpticalPower && step.burnInHours == nil {
            let missing = lanes.filter { $0.powerByStep[String(step.index)] == nil }.count
            if missing > 0 { incomplete.append("missing evidence: \(missing) lane(s) without optical power at \(step.name)") }
        }
        let berFailures = judgeBER()
        let windowFailures = judgeOpticalWindow()
        let retentionFailures = judgeRetention()
        let burnInFailures = judgeBurnInReadPoints()
        let driftFailures = judgeDrift()
        let (remap, counted) = sparing()
        var criteria: [CriterionResult] = []
        if let ber = berFailures { criteria.append(berCriterion(ber, counted: counted)) }
        if let window = windowFailures { criteria.append(opticalCriterion(window, counted: counted)) }
        criteria += retentionFailures.map { retentionCriterion($0, counted: counted) }
        if let burnIn = burnInFailures { criteria.append(burnInCriterion(burnIn, counted: counted)) }
        criteria += energyCriteria()
        if let drift = driftFailures { criteria.append(driftCriterion(drift, counted: counted)) }
        criteria.append(sparingCriterion(remap: remap))
        let summaries = steps.filter(\.complete).map(summary)
        let (verdict, reasons) = overall(criteria)
        return Assessment(
            verdict: verdict, reasons: reasons, criteria: criteria, lanes: lanes, remap: remap, steps: summaries,
            countedLanes: counted.sorted(), inputs: inputs)
    }

    // MARK: Steps

    /// Steps that did not complete, and measurements taken while the DUT was outside its band, leave the run
    /// without evidence.
    mutating func checkSteps() {
        let unfinished = steps.filter { !$0.complete }
        if incomplete.isEmpty, inputs.evidence.dutFailure == nil, !unfinished.isEmpty {
            incomplete.append("missing evidence: \(unfinished.count) step(s) not complete (first: \(unfinished[0].name))")
        }
        for step in steps where step.complete && step.measures {
            guard let window = step.window, window.samples > 0, let low = window.dutMinimumCelsius, let high = window.dutMaximumCelsius else {
                incomplete.append("missing evidence: no DUT temperature was read while \(step.name) measured")
                continue
            }
            let lowest = step.celsius - window.bandKelvin
            let highest = step.celsius + window.bandKelvin
            if low < lowest - 1e-9 || high > highest + 1e-9 {
                incomplete.append(
                    "the DUT left the soak band (\(Self.format(lowest)) to \(Self.format(highest)) °C) while \(step.name) measured: "
                        + "\(Self.format(low)) to \(Self.format(high)) °C")
            }
            if step.measuresSupplyPower, step.supplyWatts == nil {
                incomplete.append("missing evidence: no supply readings at \(step.name)")
            }
        }
    }

    // MARK: Lanes' evidence

    mutating func collect(_ evidence: LaneEvidence) {
        let index = evidence.lane
        for power in evidence.power {
            guard let watts = power.watts, step(power.step)?.complete == true else { continue }
            lanes[index].powerByStep[String(power.step)] = watts
        }
        lanes[index].burnIn = evidence.burnIn?.series
    }

    // MARK: Sparing

    /// Failed active lanes mapped onto passing spares, in lane order, and the counted lanes.
    func sparing() -> ([String: Int], Set<Int>) {
        var spares = lanes.filter { $0.role == "spare" && $0.passed }.map(\.lane)
        var remap: [String: Int] = [:]
        var counted: Set<Int> = []
        for lane in lanes where lane.role == "active" {
            if lane.passed {
                counted.insert(lane.lane)
            } else if !spares.isEmpty {
                let spare = spares.removeFirst()
                remap[String(lane.lane)] = spare
                counted.insert(spare)
            } else {
                counted.insert(lane.lane)
            }
        }
        return (remap, counted)
    }

    func sparingCriterion(remap: [String: Int]) -> CriterionResult {
        let failed = lanes.filter { !$0.passed }.map(\.lane)
        let spares = parameters.lanes - parameters.requiredLanes
        return CriterionResult(
            name: "lane sparing", measured: Double(failed.count), limit: Double(spares), unit: "failed lanes", uncertainty: nil,
            decisionRule: "failed lanes ≤ spares", verdict: failed.count <= spares ? .pass : .fail,
            detail: "\(failed.count) failed lane(s) \(Self.laneList(failed)) against \(spares) spares; \(remap.count) active lane(s) remapped")
    }

    // MARK: Overall

    func overall(_ criteria: [CriterionResult]) -> (Verdict, [String]) {
        let evidence = inputs.evidence
        if !evidence.calibration.isEmpty {
            return (.incomplete, evidence.calibration + incomplete)
        }
        if let failure = evidence.dutFailure {
            return (.fail, ["DUT failure: \(failure)"])
        }
        if !incomplete.isEmpty {
            return (.incomplete, incomplete)
        }
        // A criterion failed on complete, in-calibration evidence fails the part whatever another criterion could
        // not decide.
        let failed = criteria.filter { $0.verdict == .fail }
        if !failed.isEmpty {
            return (.fail, failed.map { "\($0.name): \($0.detail)" })
        }
        let undecided = criteria.filter { $0.verdict == .incomplete }
        if !undecided.isEmpty {
            return (.incomplete, undecided.map { "\($0.name): \($0.detail)" })
        }
        return (.pass, ["every criterion met with complete, in-calibration evidence"])
    }

    func summary(_ step: StepEvidence) -> StepSummary {
        let energy = step.supplyWatts.map { $0 / (Double(parameters.requiredLanes) * parameters.lineRateBitsPerSecond) * 1e12 }
        return StepSummary(
            index: step.index, name: step.name, setpointCelsius: step.celsius, dutCelsius: step.window?.dutMeanCelsius,
            supplyWatts: step.supplyWatts, picojoulesPerBit: step.burnInHours == nil ? energy : nil, attempts: step.attempts,
            window: step.window)
    }

    // MARK: Formatting

    static func format(_ value: Double) -> String { PlanStep.format(value) }

    static func scientific(_ value: Double) -> String { String(format: "%.3e", value) }

    static func count(_ value: Double) -> String { value.isFinite ? String(Int(value)) : "?" }

    static func lookText(_ plan: GatePlan) -> String {
        plan.looks.map { look in "≤ \(look.acceptErrors) error(s) at \(scientific(look.bits)) bits" }
            .joined(separator: ", ")
    }

    static func laneList(_ lanes: [Int]) -> String { VerdictRules.laneList(lanes) }
}

