import Foundation
import LinkStatistics
import RunStore
import StationConfiguration

/// Computes criteria and the verdict from the evidence in the run store, never from the simulator or the
/// sequencer's own state: a third party with run.sqlite (or the certificate) reaches the same verdict.
public struct VerdictEngine: Sendable {
    let plan: Plan
    let store: RunStore

    /// Creates an engine.
    public init(plan: Plan, store: RunStore) {
        self.plan = plan
        self.store = store
    }

    /// Assesses the run. `incompleteReason` is set when the sequencer did not complete.
    public func assess(incompleteReason: String?, calibrationProblems: [String]) throws -> Assessment {
        let dut = plan.profile.dut
        let stored = try store.steps()
        var reasons: [String] = []
        if let incompleteReason { reasons.append("run incomplete: \(incompleteReason)") }
        reasons += calibrationProblems
        let unfinished = stored.filter { $0.status != .complete }
        if incompleteReason == nil, !unfinished.isEmpty {
            reasons.append("missing evidence: \(unfinished.count) step(s) not complete (first: \(unfinished[0].name))")
        }
        var lanes = (0..<dut.lanes).map { lane in
            LaneResult(
                lane: lane, role: lane < dut.requiredLanes ? "active" : "spare", powerByStep: [:], ber: [], failures: [], warnings: [])
        }
        var criteria: [CriterionResult] = []
        var summaries: [StepSummary] = []
        let rule = plan.profile.criteria.decisionRule
        for step in plan.steps {
            guard let record = stored.first(where: { $0.index == step.index }), record.status == .complete else { continue }
            let evidence = try store.evidence(step: step.index)
            var summary = StepSummary(
                index: step.index, name: step.name, setpointCelsius: step.celsius, dutCelsius: nil, supplyWatts: nil,
                picojoulesPerBit: nil, attempts: record.attempt)
            summary.dutCelsius = Self.measuringTemperature(evidence)
            let volts = evidence.filter { $0.quantity == "supply_voltage" }.map(\.value)
            let amps = evidence.filter { $0.quantity == "supply_current" }.map(\.value)
            if !volts.isEmpty, volts.count == amps.count {
                summary.supplyWatts = Self.mean(zip(volts, amps).map(*))
            }
            for reading in evidence where reading.quantity == "optical_power" {
                guard let lane = reading.lane, lanes.indices.contains(lane) else { continue }
                if case .burnInReadPoint(_, _, let elapsed) = step.action {
                    lanes[lane].burnIn = lanes[lane].burnIn ?? BurnInPowerSeries()
                    lanes[lane].burnIn?.add(hours: elapsed / 3600, watts: reading.value, step: step.index)
                } else {
                    lanes[lane].powerByStep[String(step.index)] = reading.value
                }
            }
            if case .temperaturePoint(let point) = step.action {
                if point.measure.ber {
                    try assessBER(step: step, gate: point.gate, evidence: evidence, lanes: &lanes, reasons: &reasons)
                }
                if point.measure.supplyPower {
                    if let watts = summary.supplyWatts {
                        summary.picojoulesPerBit = watts / (Double(dut.requiredLanes) * dut.lineRateGbps * 1e9) * 1e12
                    } else {
                        reasons.append("missing evidence: no supply readings at \(step.name)")
                    }
                }
                if point.measure.opticalPower {
                    let missing = lanes.filter { $0.powerByStep[String(step.index)] == nil }.count
                    if missing > 0 { reasons.append("missing evidence: \(missing) lane(s) without optical power at \(step.name)") }
                }
            }
            summaries.append(summary)
        }
        criteria += opticalWindow(lanes: &lanes, rule: rule)
        criteria += retention(lanes: &lanes, rule: rule)
        criteria += energy(summaries: summaries, rule: rule)
        criteria += drift(lanes: &lanes)
        if let ber = berCriterion(lanes: lanes) { criteria.insert(ber, at: 0) }
        let (sparing, remap) = sparing(lanes: lanes)
        criteria.append(sparing)
        // A criterion the evidence cannot decide (e.g. a burn-in too short to resolve drift) keeps the run from PASS
        // and from FAIL alike.
        for criterion in criteria where criterion.verdict == .incomplete && reasons.isEmpty {
            reasons.append("\(criterion.name): \(criterion.detail)")
        }
        let verdict: Verdict
        if !reasons.isEmpty {
            verdict = .incomplete
        } else if criteria.contains(where: { $0.verdict == .fail }) {
            verdict = .fail
            reasons = criteria.filter { $0.verdict == .fail }.map { "\($0.name): \($0.detail)" }
        } else {
            verdict = .pass
            reasons = ["every criterion met with complete, in-calibration evidence"]
        }
        return Assessment(verdict: verdict, reasons: reasons, criteria: criteria, lanes: lanes, remap: remap, steps: summaries)
    }

    // MARK: BER

    private func assessBER(
        step: PlanStep, gate: BERGate, evidence: [MeasurementRecord], lanes: inout [LaneResult], reasons: inout [String]
    ) throws {
        var bits: [Int: (Double, Date)] = [:]
        var errors: [Int: (Double, Date)] = [:]
        var sync: [Int: (Double, Date)] = [:]
        for reading in evidence {
            guard let lane = reading.lane else { continue }
            switch reading.quantity {
            case "ber_compared_bits": if bits[lane].map({ $0.1 <= reading.time }) ?? true { bits[lane] = (reading.value, reading.time) }
            case "ber_errors": if errors[lane].map({ $0.1 <= reading.time }) ?? true { errors[lane] = (reading.value, reading.time) }
            case "ber_synchronized": if sync[lane].map({ $0.1 <= reading.time }) ?? true { sync[lane] = (reading.value, reading.time) }
            default: break
            }
        }
        var missing = 0
        for lane in lanes.indices {
            guard let (compared, _) = bits[lane], let (errorCount, _) = errors[lane] else {
                missing += 1
                continue
            }
            let synchronized = (sync[lane]?.0 ?? 0) == 1
            var bound: Double?
            if synchronized, compared > 0 {
                bound = try BERStatistics.upperBound(bits: compared, errors: Int(errorCount), confidence: gate.confidence)
            }
            let meets = synchronized && (bound.map { $0 <= gate.targetBER } ?? false)
            lanes[lane].ber.append(
                LaneBEREvidence(
                    step: step.index, celsius: step.celsius, comparedBits: compared, errors: errorCount, confidence: gate.confidence,
                    upperBound: bound, synchronized: synchronized, meetsTarget: meets))
            if !meets {
                lanes[lane].failures.append(
                    synchronized
                        ? "BER bound \(Self.scientific(bound ?? 1)) > \(Self.scientific(gate.targetBER)) at \(step.name)"
                        : "no sync at \(step.name)")
            }
        }
        if missing > 0 { reasons.append("missing evidence: \(missing) lane(s) without BER counters at \(step.name)") }
    }

    /// The BER criterion, when the plan gates BER at all (a burn-in measures power only).
    private func berCriterion(lanes: [LaneResult]) -> CriterionResult? {
        let gates = plan.steps.compactMap { step -> BERGate? in
            if case .temperaturePoint(let point) = step.action, point.measure.ber { return point.gate }
            return nil
        }
        guard !gates.isEmpty else { return nil }
        let target = gates.map(\.targetBER).min() ?? 0
        let failing = lanes.filter { lane in lane.ber.contains { !$0.meetsTarget } }
        let worst = lanes.flatMap(\.ber).compactMap(\.upperBound).max()
        return CriterionResult(
            name: "BER per lane", measured: worst, limit: target, unit: "",
            uncertainty: nil, decisionRule: "upper bound at \(Int((gates.first?.confidence ?? 0.95) * 100)) % confidence ≤ target (χ²)",
            verdict: .pass,
            detail: failing.isEmpty
                ? "every lane met the target at every gated temperature"
                : "\(failing.count) lane(s) missed the target (counted against the spares): \(Self.laneList(failing.map(\.lane)))")
    }

    // MARK: Optical power

    private var powerUncertaintyFraction: Double {
        (plan.station.instrument(.meter)?.calibration?.uncertainty["optical_power_percent"] ?? 0) / 100
    }

    private func guardBand(_ rule: DecisionRule, uncertainty: Double) -> Double {
        rule.kind == .guardBand ? rule.coverageFactor * uncertainty : 0
    }

    private func ruleText(_ rule: DecisionRule) -> String {
        rule.kind == .guardBand ? "guard band w = \(PlanStep.format(rule.coverageFactor))·U (ILAC-G8 §4.2.2)" : "simple acceptance (ILAC-G8 §4.2.1)"
    }

    private func opticalWindow(lanes: inout [LaneResult], rule: DecisionRule) -> [CriterionResult] {
        guard let window = plan.profile.criteria.opticalPower else { return [] }
        let uncertaintyDB = 10 * log10(1 + powerUncertaintyFraction)
        let band = guardBand(rule, uncertainty: uncertaintyDB)
        var failing: [Int] = []
        var worst: Double?
        for index in lanes.indices {
            for (stepKey, watts) in lanes[index].powerByStep {
                let dBm = 10 * log10(max(watts, 1e-15) / 1e-3)
                if dBm < window.minimumDBm + band || dBm > window.maximumDBm - band {
                    let name = plan.steps.first { String($0.index) == stepKey }?.name ?? stepKey
                    lanes[index].failures.append("optical power \(String(format: "%.2f", dBm)) dBm outside [\(window.minimumDBm), \(window.maximumDBm)] dBm at \(name)")
                    failing.append(index)
                }
                worst = min(worst ?? dBm, dBm)
            }
            for extreme in [lanes[index].burnIn?.minimum, lanes[index].burnIn?.maximum].compactMap({ $0 }) {
                let dBm = 10 * log10(max(extreme.watts, 1e-15) / 1e-3)
                if dBm < window.minimumDBm + band || dBm > window.maximumDBm - band {
                    let name = plan.steps.first { $0.index == extreme.step }?.name ?? String(extreme.step)
                    lanes[index].failures.append("optical power \(String(format: "%.2f", dBm)) dBm outside [\(window.minimumDBm), \(window.maximumDBm)] dBm at \(name)")
                    failing.append(index)
                }
                worst = min(worst ?? dBm, dBm)
            }
        }
        return [
            CriterionResult(
                name: "optical power per lane", measured: worst, limit: window.minimumDBm, unit: "dBm", uncertainty: uncertaintyDB,
                decisionRule: ruleText(rule), verdict: .pass,
                detail: failing.isEmpty ? "every lane within [\(window.minimumDBm), \(window.maximumDBm)] dBm" : "\(Set(failing).count) lane(s) outside the window (counted against the spares)")
        ]
    }

    private func retention(lanes: inout [LaneResult], rule: DecisionRule) -> [CriterionResult] {
        plan.profile.criteria.retention.map { criterion in
            let at = plan.steps.first { $0.kind == "temperature-point" && $0.celsius == criterion.atCelsius }
            let reference = plan.steps.first { $0.kind == "temperature-point" && $0.celsius == criterion.referenceCelsius }
            let name = "retention at \(PlanStep.format(criterion.atCelsius)) °C vs \(PlanStep.format(criterion.referenceCelsius)) °C"
            guard let at, let reference else {
                return CriterionResult(
                    name: name, measured: nil, limit: criterion.minimumFraction, unit: "", uncertainty: nil, decisionRule: ruleText(rule),
                    verdict: .incomplete, detail: "the profile measures no power at one of these temperatures")
            }
            let uncertainty = powerUncertaintyFraction * 2.0.squareRoot()
            let threshold = criterion.minimumFraction + guardBand(rule, uncertainty: uncertainty)
            var fractions: [Double] = []
            var failing: [Int] = []
            for index in lanes.indices {
                guard let hot = lanes[index].powerByStep[String(at.index)], let base = lanes[index].powerByStep[String(reference.index)], base > 0 else { continue }
                let fraction = hot / base
                fractions.append(fraction)
                if fraction < threshold {
                    lanes[index].failures.append("\(name): \(String(format: "%.3f", fraction)) < \(criterion.minimumFraction)")
                    failing.append(index)
                }
            }
            let median = fractions.sorted()[safe: fractions.count / 2]
            return CriterionResult(
                name: name, measured: median, limit: criterion.minimumFraction, unit: "fraction (median lane)", uncertainty: uncertainty,
                decisionRule: ruleText(rule), verdict: fractions.isEmpty ? .incomplete : .pass,
                detail: failing.isEmpty ? "every lane retains at least \(criterion.minimumFraction)" : "\(failing.count) lane(s) below the limit (counted against the spares): \(Self.laneList(failing))")
        }
    }

    private func energy(summaries: [StepSummary], rule: DecisionRule) -> [CriterionResult] {
        guard let limit = plan.profile.criteria.energyPerBit else { return [] }
        let fraction = (plan.station.instrument(.supply)?.calibration?.uncertainty["current_percent"] ?? 0) / 100
        return summaries.compactMap { summary in
            guard let energy = summary.picojoulesPerBit else { return nil }
            let uncertainty = energy * fraction
            let accepted = energy <= limit.maximumPicojoulesPerBit - guardBand(rule, uncertainty: uncertainty)
            return CriterionResult(
                name: "energy per bit at \(summary.name)", measured: energy, limit: limit.maximumPicojoulesPerBit, unit: "pJ/bit",
                uncertainty: uncertainty, decisionRule: ruleText(rule), verdict: accepted ? .pass : .fail,
                detail: "supply power \(String(format: "%.3f", summary.supplyWatts ?? 0)) W (rails: \(limit.rails.joined(separator: ", "))) / (\(plan.profile.dut.requiredLanes) lanes × \(PlanStep.format(plan.profile.dut.lineRateGbps)) Gb/s)")
        }
    }

    // MARK: Burn-in drift

    private func drift(lanes: inout [LaneResult]) -> [CriterionResult] {
        let readPoints = plan.steps.filter { step in
            if case .burnInReadPoint = step.action { return true }
            return false
        }
        guard readPoints.count >= 2, let limits = plan.profile.criteria.burnInDrift else { return [] }
        var critical: [Int] = []
        var warning: [Int] = []
        var unresolved: [Int] = []
        var worst = 0.0
        var worstUncertainty = 0.0
        for index in lanes.indices {
            guard let drift = lanes[index].burnIn?.relativeDrift else { continue }
            let slope = drift.percentPer1000Hours
            let uncertainty = drift.uncertaintyPercentPer1000Hours
            let change = drift.changePercent
            let resolvable = uncertainty < limits.criticalPercentPer1000Hours
            if !resolvable, abs(change) <= limits.maximumChangePercent, lanes[index].failures.isEmpty {
                unresolved.append(index)
                worstUncertainty = max(worstUncertainty, uncertainty)
                continue
            }
            if abs(change) <= limits.maximumChangePercent {
                // Lanes that failed on their change (dark lanes reading the noise floor) would drown the figures.
                worst = max(worst, abs(slope))
                worstUncertainty = max(worstUncertainty, uncertainty)
            }
            if (resolvable && abs(slope) > limits.criticalPercentPer1000Hours) || abs(change) > limits.maximumChangePercent {
                lanes[index].failures.append("burn-in drift \(String(format: "%.3f", slope)) %/1000 h, change \(String(format: "%.3f", change)) %")
                critical.append(index)
            } else if abs(slope) - uncertainty > limits.warningPercentPer1000Hours {
                // Warned only when the slope is above the warning level beyond its own uncertainty, not on noise.
                lanes[index].warnings.append("burn-in drift \(String(format: "%.3f", slope)) %/1000 h above the warning level")
                warning.append(index)
            }
        }
        let rule = "least-squares slope; warning \(limits.warningPercentPer1000Hours), critical \(limits.criticalPercentPer1000Hours) %/1000 h; change ≤ \(limits.maximumChangePercent) %; a slope whose 95 % uncertainty exceeds the critical level cannot be judged"
        guard unresolved.isEmpty else {
            return [
                CriterionResult(
                    name: "burn-in drift", measured: worst, limit: limits.criticalPercentPer1000Hours, unit: "%/1000 h (worst lane)",
                    uncertainty: worstUncertainty, decisionRule: rule, verdict: .incomplete,
                    detail: "the burn-in is too short to resolve drift at the critical level on \(unresolved.count) lane(s) \(Self.laneList(unresolved)): slope uncertainty up to ±\(String(format: "%.1f", worstUncertainty)) %/1000 h against a critical level of \(limits.criticalPercentPer1000Hours)")
            ]
        }
        return [
            CriterionResult(
                name: "burn-in drift", measured: worst, limit: limits.criticalPercentPer1000Hours, unit: "%/1000 h (worst lane)",
                uncertainty: worstUncertainty, decisionRule: rule, verdict: .pass,
                detail: "\(critical.count) lane(s) beyond the critical level (counted against the spares), \(warning.count) above the warning level")
        ]
    }

    // MARK: Sparing

    private func sparing(lanes: [LaneResult]) -> (CriterionResult, [String: Int]) {
        let dut = plan.profile.dut
        let failed = lanes.filter { !$0.passed }
        var spares = lanes.filter { $0.role == "spare" && $0.passed }.map(\.lane)
        var remap: [String: Int] = [:]
        for lane in failed where lane.role == "active" {
            guard !spares.isEmpty else { break }
            remap[String(lane.lane)] = spares.removeFirst()
        }
        let usable = lanes.count - failed.count
        let verdict: Verdict = usable >= dut.requiredLanes ? .pass : .fail
        return (
            CriterionResult(
                name: "lane sparing", measured: Double(failed.count), limit: Double(dut.spares), unit: "failed lanes", uncertainty: nil,
                decisionRule: "failed lanes ≤ spares", verdict: verdict,
                detail: "\(failed.count) failed lane(s) \(Self.laneList(failed.map(\.lane))), \(dut.spares) spares; \(remap.count) active lane(s) remapped"),
            remap
        )
    }

    // MARK: Helpers

    /// The DUT's mean temperature while the step measured (from its first BER, power or supply reading on), so
    /// the ramp and soak into the step do not count; the last reading when the step measured nothing.
    static func measuringTemperature(_ evidence: [MeasurementRecord]) -> Double? {
        let measuring: Set<String> = ["ber_compared_bits", "optical_power", "supply_current"]
        let temperatures = evidence.filter { $0.quantity == "dut_temperature" }
        guard let start = evidence.filter({ measuring.contains($0.quantity) }).map(\.time).min() else {
            return temperatures.last?.value
        }
        let during = temperatures.filter { $0.time >= start }.map(\.value)
        return during.isEmpty ? temperatures.last?.value : mean(during)
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func scientific(_ value: Double) -> String { String(format: "%.2e", value) }

    static func laneList(_ lanes: [Int]) -> String {
        guard !lanes.isEmpty else { return "" }
        let shown = lanes.sorted().prefix(12).map(String.init).joined(separator: ", ")
        return "[" + shown + (lanes.count > 12 ? ", …" : "") + "]"
    }
}

extension Array {
    subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
