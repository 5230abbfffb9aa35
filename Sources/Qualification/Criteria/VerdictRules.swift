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
private struct Judgement {
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

    private var parameters: VerdictParameters { inputs.parameters }
    private var steps: [StepEvidence] { inputs.evidence.steps }

    private func step(_ index: Int) -> StepEvidence? { steps.first { $0.index == index } }

    private func stepName(_ index: Int) -> String { step(index)?.name ?? "step \(index)" }

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
    private mutating func checkSteps() {
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

    private mutating func collect(_ evidence: LaneEvidence) {
        let index = evidence.lane
        for power in evidence.power {
            guard let watts = power.watts, step(power.step)?.complete == true else { continue }
            lanes[index].powerByStep[String(power.step)] = watts
        }
        lanes[index].burnIn = evidence.burnIn?.series
    }

    // MARK: BER

    /// Lanes failing a gate, or nil when the plan gates no BER.
    private mutating func judgeBER() -> Set<Int>? {
        let gates = parameters.gates.filter { step($0.step)?.complete == true }
        guard !parameters.gates.isEmpty else { return nil }
        var failing: Set<Int> = []
        let byLane = Dictionary(inputs.evidence.lanes.map { ($0.lane, $0) }, uniquingKeysWith: { first, _ in first })
        var missing: [String: Int] = [:]
        for gate in gates {
            for index in lanes.indices {
                guard let evidence = byLane[index]?.gates.first(where: { $0.step == gate.step }) else {
                    missing[stepName(gate.step), default: 0] += 1
                    continue
                }
                let decision = gate.plan.decide(comparedBits: evidence.comparedBits, errors: Int(clamping: Int64(evidence.errors)), finished: true)
                let accepted: Bool
                if case .accept = decision { accepted = true } else { accepted = false }
                let forgiven = gate.onSyncLoss == SyncLossPolicyName.restartOnce ? 1 : 0
                let lockKept = evidence.lockLosses <= forgiven && evidence.restarts <= forgiven
                let passed = accepted && lockKept
                lanes[index].ber.append(
                    LaneBEREvidence(
                        step: gate.step, celsius: gate.celsius, comparedBits: evidence.comparedBits, errors: evidence.errors,
                        decision: accepted ? "accept" : "reject", lockLosses: evidence.lockLosses, restarts: evidence.restarts,
                        targetBER: gate.plan.targetBER, meetsTarget: passed))
                guard !passed else { continue }
                failing.insert(index)
                let name = stepName(gate.step)
                if !lockKept {
                    lanes[index].failures.append(
                        evidence.lockLosses > 0 && evidence.comparedBits == 0 && evidence.restarts == 0
                            ? "BER gate at \(name): no lock"
                            : "BER gate at \(name): lost lock \(evidence.lockLosses) time(s) (on_sync_loss: \(gate.onSyncLoss))")
                } else {
                    lanes[index].failures.append(
                        "BER gate at \(name): not accepted, \(Self.count(evidence.errors)) error(s) in \(Self.scientific(evidence.comparedBits)) bits "
                            + "(\(gate.plan.kind.rawValue) plan: \(Self.lookText(gate.plan)))")
                }
            }
        }
        for (name, count) in missing.sorted(by: { $0.key < $1.key }) {
            incomplete.append("missing evidence: \(count) lane(s) without a BER gate decision at \(name)")
        }
        return failing
    }

    private func berCriterion(_ failing: Set<Int>, counted: Set<Int>) -> CriterionResult {
        let countedFailing = failing.intersection(counted)
        let plans = parameters.gates.map(\.plan)
        let worstAcceptance = parameters.gates.map(\.acceptanceAtTarget).max() ?? 0
        let target = plans.map(\.targetBER).min() ?? 0
        let kinds = Set(plans.map(\.kind.rawValue)).sorted().joined(separator: ", ")
        return CriterionResult(
            name: "BER per lane", measured: Double(countedFailing.count), limit: 0, unit: "counted lanes not accepted",
            uncertainty: nil,
            decisionRule: "sequential \(kinds) gate: a lane is accepted at a look when its errors are within the look's threshold; "
                + "P(accept | BER = \(Self.scientific(target))) ≤ \(String(format: "%.4f", worstAcceptance)) at every gated step",
            verdict: countedFailing.isEmpty ? .pass : .fail,
            detail: countedFailing.isEmpty
                ? "every counted lane accepted at every gated step" + (failing.isEmpty ? "" : "; \(failing.count) lane(s) not accepted, all replaced by spares: \(Self.laneList(Array(failing)))")
                : "\(countedFailing.count) counted lane(s) not accepted and not replaced by a spare: \(Self.laneList(Array(countedFailing)))")
    }

    // MARK: Optical power

    private var powerUncertaintyFraction: Double? { parameters.opticalPowerUncertaintyPercent.map { $0 / 100 } }

    /// The guard band for an expanded uncertainty `uncertainty` (nil: not recorded); nil when a guard band is needed
    /// but the uncertainty is missing.
    private func guardBand(_ uncertainty: Double?) -> Double? {
        guard parameters.usesGuardBand else { return 0 }
        return uncertainty.map { parameters.coverageFactor * $0 }
    }

    private var ruleText: String {
        parameters.usesGuardBand
            ? "guard band w = \(Self.format(parameters.coverageFactor))·U (ILAC-G8 §4.2.2)" : "simple acceptance (ILAC-G8 §4.2.1)"
    }

    /// Per lane, its worst margin into the window in dB (negative outside), or nil when the profile has no window.
    private mutating func judgeOpticalWindow() -> [Int: Double]? {
        guard let window = parameters.opticalPower else { return nil }
        let uncertaintyDB = powerUncertaintyFraction.map { 10 * log10(1 + $0) }
        guard let band = guardBand(uncertaintyDB) else {
            incomplete.append("optical power per lane: the guard band needs the meter's optical_power_percent uncertainty")
            return [:]
        }
        var margins: [Int: Double] = [:]
        for index in lanes.indices {
            var readings = lanes[index].powerByStep.compactMap { key, watts in Int(key).map { ($0, watts) } }
            if let series = lanes[index].burnIn {
                readings += [series.minimum, series.maximum].compactMap { $0.map { ($0.step, $0.watts) } }
            }
            for (stepIndex, watts) in readings.sorted(by: { $0.0 < $1.0 }) {
                let dBm = VerdictRules.dBm(watts)
                let margin = min(dBm - (window.minimumDBm + band), (window.maximumDBm - band) - dBm)
                margins[index] = min(margins[index] ?? margin, margin)
                if margin < 0 {
                    lanes[index].failures.append(
                        "optical power \(String(format: "%.2f", dBm)) dBm outside [\(Self.format(window.minimumDBm + band)), "
                            + "\(Self.format(window.maximumDBm - band))] dBm at \(stepName(stepIndex))")
                }
            }
        }
        return margins
    }

    private func opticalCriterion(_ margins: [Int: Double], counted: Set<Int>) -> CriterionResult {
        let window = parameters.opticalPower ?? PowerWindowParameters(minimumDBm: 0, maximumDBm: 0)
        let uncertaintyDB = powerUncertaintyFraction.map { 10 * log10(1 + $0) }
        let band = guardBand(uncertaintyDB) ?? 0
        let countedMargins = margins.filter { counted.contains($0.key) }
        let failing = margins.filter { $0.value < 0 }.map(\.key)
        let countedFailing = countedMargins.filter { $0.value < 0 }.map(\.key)
        // The worst counted lane: its reading nearest to (or furthest beyond) a limit, with that limit.
        var measured: Double?
        var limit = window.minimumDBm
        var worstLane: Int?
        if let worst = countedMargins.min(by: { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }) {
            worstLane = worst.key
            let readings = lanes[worst.key].powerByStep.values.map(VerdictRules.dBm)
                + [lanes[worst.key].burnIn?.minimum?.watts, lanes[worst.key].burnIn?.maximum?.watts].compactMap { $0.map(VerdictRules.dBm) }
            let low = readings.min() ?? window.minimumDBm
            let high = readings.max() ?? window.maximumDBm
            if low - (window.minimumDBm + band) <= (window.maximumDBm - band) - high {
                measured = low
                limit = window.minimumDBm
            } else {
                measured = high
                limit = window.maximumDBm
            }
        }
        let verdict: Verdict = countedMargins.isEmpty ? .incomplete : (countedFailing.isEmpty ? .pass : .fail)
        var detail: String
        if let worstLane, let measured {
            detail = "worst counted lane \(worstLane): \(String(format: "%.2f", measured)) dBm against the \(limit == window.minimumDBm ? "lower" : "upper") limit "
                + "\(Self.format(limit)) dBm" + (band > 0 ? " (acceptance limit \(Self.format(limit == window.minimumDBm ? limit + band : limit - band)) dBm)" : "")
        } else {
            detail = "no counted lane has an optical power reading"
        }
        detail += countedFailing.isEmpty
            ? (failing.isEmpty ? "; every lane within the window" : "; \(failing.count) lane(s) outside, all replaced by spares: \(Self.laneList(failing))")
            : "; \(countedFailing.count) counted lane(s) outside the window: \(Self.laneList(countedFailing))"
        return CriterionResult(
            name: "optical power per lane", measured: measured, limit: limit, unit: "dBm", uncertainty: uncertaintyDB, decisionRule: ruleText,
            verdict: verdict, detail: detail)
    }

    // MARK: Retention

    /// Per retention criterion, each lane's fraction (nil where a reading is missing).
    private mutating func judgeRetention() -> [(RetentionParameters, [Int: Double])] {
        parameters.retention.map { criterion in
            guard let at = criterion.atStep, let reference = criterion.referenceStep else { return (criterion, [:]) }
            let uncertainty = powerUncertaintyFraction.map { $0 * 2.0.squareRoot() }
            guard let band = guardBand(uncertainty) else {
                incomplete.append("\(criterion.name): the guard band needs the meter's optical_power_percent uncertainty")
                return (criterion, [:])
            }
            let threshold = criterion.minimumFraction + band
            var fractions: [Int: Double] = [:]
            for index in lanes.indices {
                guard let hot = lanes[index].powerByStep[String(at)], let base = lanes[index].powerByStep[String(reference)], base > 0 else {
                    continue
                }
                let fraction = hot / base
                fractions[index] = fraction
                if fraction < threshold {
                    lanes[index].failures.append(
                        "\(criterion.name): \(String(format: "%.4f", fraction)) < \(Self.format(threshold))")
                }
            }
            return (criterion, fractions)
        }
    }

    private func retentionCriterion(_ entry: (RetentionParameters, [Int: Double]), counted: Set<Int>) -> CriterionResult {
        let (criterion, fractions) = entry
        let uncertainty = powerUncertaintyFraction.map { $0 * 2.0.squareRoot() }
        let threshold = criterion.minimumFraction + (guardBand(uncertainty) ?? 0)
        let countedFractions = fractions.filter { counted.contains($0.key) }
        let worst = countedFractions.min { $0.value < $1.value || ($0.value == $1.value && $0.key < $1.key) }
        let failing = fractions.filter { $0.value < threshold }.map(\.key)
        let countedFailing = countedFractions.filter { $0.value < threshold }.map(\.key)
        // Lanes without a base reading (dark at the reference) cannot show retention; they fail elsewhere.
        let verdict: Verdict = worst == nil ? .incomplete : (countedFailing.isEmpty ? .pass : .fail)
        let detail: String
        if criterion.atStep == nil || criterion.referenceStep == nil {
            detail = "the profile measures no power at one of these temperatures"
        } else if let worst {
            detail = "worst counted lane \(worst.key): \(String(format: "%.4f", worst.value)) of the reference power, acceptance limit \(Self.format(threshold))"
                + (countedFailing.isEmpty
                    ? (failing.isEmpty ? "" : "; \(failing.count) lane(s) below, all replaced by spares: \(Self.laneList(failing))")
                    : "; \(countedFailing.count) counted lane(s) below: \(Self.laneList(countedFailing))")
        } else {
            detail = "no counted lane has readings at both temperatures"
        }
        return CriterionResult(
            name: criterion.name, measured: worst?.value, limit: criterion.minimumFraction, unit: "fraction (worst counted lane)",
            uncertainty: uncertainty, decisionRule: ruleText, verdict: verdict, detail: detail)
    }

    // MARK: Burn-in read points

    /// Lanes dark at a burn-in read point, or nil when the plan has no burn-in. A lane unmeasured at a completed read
    /// point leaves the run without evidence.
    private mutating func judgeBurnInReadPoints() -> Set<Int>? {
        let readPoints = steps.filter { $0.burnInHours != nil && $0.measuresOpticalPower }
        guard !readPoints.isEmpty else { return nil }
        var dark: Set<Int> = []
        var unmeasured: [Int] = []
        let byLane = Dictionary(inputs.evidence.lanes.map { ($0.lane, $0) }, uniquingKeysWith: { first, _ in first })
        let completed = readPoints.filter(\.complete).count
        for index in lanes.indices {
            let evidence = byLane[index]?.burnIn
            if completed > 0, evidence == nil || (evidence?.missing ?? 0) > 0 || (evidence?.series.count ?? 0) + (evidence?.missing ?? 0) < completed {
                unmeasured.append(index)
            }
            if let evidence, evidence.dark > 0 {
                dark.insert(index)
                lanes[index].failures.append(
                    "dark (≤ \(Self.format(parameters.darkFloorDBm)) dBm) at \(evidence.dark) burn-in read point(s), first at "
                        + stepName(evidence.firstDarkStep ?? -1))
            }
        }
        if !unmeasured.isEmpty {
            incomplete.append(
                "missing evidence: \(unmeasured.count) lane(s) without an optical power reading at every burn-in read point: \(Self.laneList(unmeasured))")
        }
        return dark
    }

    private func burnInCriterion(_ dark: Set<Int>, counted: Set<Int>) -> CriterionResult {
        let countedDark = dark.intersection(counted)
        return CriterionResult(
            name: "light at every burn-in read point", measured: Double(countedDark.count), limit: 0, unit: "counted lanes dark",
            uncertainty: nil, decisionRule: "a lane reading at or below \(Self.format(parameters.darkFloorDBm)) dBm at any read point fails",
            verdict: countedDark.isEmpty ? .pass : .fail,
            detail: countedDark.isEmpty
                ? "every counted lane lit at every read point" + (dark.isEmpty ? "" : "; \(dark.count) lane(s) dark, all replaced by spares: \(Self.laneList(Array(dark)))")
                : "\(countedDark.count) counted lane(s) dark: \(Self.laneList(Array(countedDark)))")
    }

    // MARK: Energy

    private func energyCriteria() -> [CriterionResult] {
        guard let limit = parameters.energyPerBit else { return [] }
        let voltage = parameters.supplyVoltageUncertaintyPercent
        let current = parameters.supplyCurrentUncertaintyPercent
        let relative: Double? = parameters.usesGuardBand
            ? (voltage.flatMap { v in current.map { c in (v * v + c * c).squareRoot() / 100 } })
            : ((voltage ?? 0) * (voltage ?? 0) + (current ?? 0) * (current ?? 0)).squareRoot() / 100
        return steps.filter { $0.complete && $0.measuresSupplyPower && $0.burnInHours == nil }.compactMap { step in
            guard let watts = step.supplyWatts else { return nil }
            let energy = watts / (Double(parameters.requiredLanes) * parameters.lineRateBitsPerSecond) * 1e12
            let uncertainty = relative.map { energy * $0 }
            guard let band = guardBand(uncertainty) else {
                return CriterionResult(
                    name: "energy per bit at \(step.name)", measured: energy, limit: limit.maximumPicojoulesPerBit, unit: "pJ/bit",
                    uncertainty: nil, decisionRule: ruleText, verdict: .incomplete,
                    detail: "the guard band needs the supply's voltage_percent and current_percent uncertainties")
            }
            let acceptance = limit.maximumPicojoulesPerBit - band
            return CriterionResult(
                name: "energy per bit at \(step.name)", measured: energy, limit: limit.maximumPicojoulesPerBit, unit: "pJ/bit",
                uncertainty: uncertainty, decisionRule: ruleText, verdict: energy <= acceptance ? .pass : .fail,
                detail: "supply power \(String(format: "%.4f", watts)) W (rails: \(limit.rails.joined(separator: ", "))) / "
                    + "(\(parameters.requiredLanes) lanes × \(Self.format(parameters.lineRateBitsPerSecond / 1e9)) Gb/s) = "
                    + "\(String(format: "%.4f", energy)) pJ/bit against an acceptance limit of \(String(format: "%.4f", acceptance)) pJ/bit")
        }
    }

    // MARK: Drift

    private struct DriftOutcome {
        var critical: Set<Int> = []
        var warning: Set<Int> = []
        var unresolved: Set<Int> = []
        /// Per judged lane: |slope|, its uncertainty, the change.
        var figures: [Int: (slope: Double, uncertainty: Double, change: Double)] = [:]
    }

    private mutating func judgeDrift() -> DriftOutcome? {
        guard let limits = parameters.burnInDrift, steps.filter({ $0.burnInHours != nil }).count >= 2 else { return nil }
        var outcome = DriftOutcome()
        for index in lanes.indices {
            guard let drift = lanes[index].burnIn?.relativeDrift else { continue }
            let slope = abs(drift.percentPer1000Hours)
            let uncertainty = drift.uncertaintyPercentPer1000Hours
            let change = abs(drift.changePercent)
            outcome.figures[index] = (slope, uncertainty, change)
            // The slope's own 95 % uncertainty is U; a guard band narrows the acceptance limit by k·U.
            let band = parameters.usesGuardBand ? parameters.coverageFactor * uncertainty : 0
            let resolvable = uncertainty < limits.criticalPercentPer1000Hours
            if change > limits.maximumChangePercent {
                lanes[index].failures.append(
                    "burn-in change \(String(format: "%.3f", drift.changePercent)) % beyond ±\(Self.format(limits.maximumChangePercent)) %")
                outcome.critical.insert(index)
            } else if !resolvable {
                if lanes[index].failures.isEmpty { outcome.unresolved.insert(index) }
            } else if slope > limits.criticalPercentPer1000Hours - band {
                lanes[index].failures.append(
                    "burn-in drift \(String(format: "%.3f", drift.percentPer1000Hours)) ± \(String(format: "%.3f", uncertainty)) %/1000 h "
                        + "beyond the acceptance limit \(Self.format(limits.criticalPercentPer1000Hours - band)) %/1000 h")
                outcome.critical.insert(index)
            } else if slope - uncertainty > limits.warningPercentPer1000Hours {
                // Warned only when the slope is above the warning level beyond its own uncertainty, not on noise.
                lanes[index].warnings.append("burn-in drift \(String(format: "%.3f", drift.percentPer1000Hours)) %/1000 h above the warning level")
                outcome.warning.insert(index)
            }
        }
        return outcome
    }

    private func driftCriterion(_ outcome: DriftOutcome, counted: Set<Int>) -> CriterionResult {
        let limits = parameters.burnInDrift ?? DriftParameters(warningPercentPer1000Hours: 0, criticalPercentPer1000Hours: 0, maximumChangePercent: 0)
        let rule = "least-squares slope with its 95 % uncertainty U; warning \(Self.format(limits.warningPercentPer1000Hours)), critical "
            + "\(Self.format(limits.criticalPercentPer1000Hours)) %/1000 h; change ≤ \(Self.format(limits.maximumChangePercent)) %; "
            + (parameters.usesGuardBand ? "guard band w = \(Self.format(parameters.coverageFactor))·U; " : "simple acceptance; ")
            + "a slope whose U exceeds the critical level cannot be judged"
        let countedFigures = outcome.figures.filter { counted.contains($0.key) }
        let worst = countedFigures.max { $0.value.slope < $1.value.slope || ($0.value.slope == $1.value.slope && $0.key > $1.key) }
        let countedUnresolved = outcome.unresolved.intersection(counted)
        let countedCritical = outcome.critical.intersection(counted)
        let verdict: Verdict
        let detail: String
        if !countedCritical.isEmpty {
            verdict = .fail
            detail = "\(countedCritical.count) counted lane(s) beyond the critical level: \(Self.laneList(Array(countedCritical)))"
        } else if !countedUnresolved.isEmpty || countedFigures.isEmpty {
            verdict = .incomplete
            let largest = countedUnresolved.compactMap { outcome.figures[$0]?.uncertainty }.max() ?? .infinity
            detail = "the burn-in is too short to resolve drift at the critical level on \(countedUnresolved.count) counted lane(s) "
                + "\(Self.laneList(Array(countedUnresolved))): slope uncertainty up to ±\(String(format: "%.1f", largest)) %/1000 h against a "
                + "critical level of \(Self.format(limits.criticalPercentPer1000Hours))"
        } else {
            verdict = .pass
            detail = "worst counted lane \(worst.map { String($0.key) } ?? "-"): \(String(format: "%.4f", worst?.value.slope ?? 0)) ± "
                + "\(String(format: "%.4f", worst?.value.uncertainty ?? 0)) %/1000 h; \(outcome.critical.count) lane(s) beyond the critical "
                + "level (replaced by spares), \(outcome.warning.count) above the warning level"
        }
        return CriterionResult(
            name: "burn-in drift", measured: worst?.value.slope, limit: limits.criticalPercentPer1000Hours, unit: "%/1000 h (worst counted lane)",
            uncertainty: worst?.value.uncertainty, decisionRule: rule, verdict: verdict, detail: detail)
    }

    // MARK: Sparing

    /// Failed active lanes mapped onto passing spares, in lane order, and the counted lanes.
    private func sparing() -> ([String: Int], Set<Int>) {
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

    private func sparingCriterion(remap: [String: Int]) -> CriterionResult {
        let failed = lanes.filter { !$0.passed }.map(\.lane)
        let spares = parameters.lanes - parameters.requiredLanes
        return CriterionResult(
            name: "lane sparing", measured: Double(failed.count), limit: Double(spares), unit: "failed lanes", uncertainty: nil,
            decisionRule: "failed lanes ≤ spares", verdict: failed.count <= spares ? .pass : .fail,
            detail: "\(failed.count) failed lane(s) \(Self.laneList(failed)) against \(spares) spares; \(remap.count) active lane(s) remapped")
    }

    // MARK: Overall

    private func overall(_ criteria: [CriterionResult]) -> (Verdict, [String]) {
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

    private func summary(_ step: StepEvidence) -> StepSummary {
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

/// The sync-loss policy names as the inputs carry them.
enum SyncLossPolicyName {
    /// The lane's count restarts once.
    static let restartOnce = "restart-once"
}
