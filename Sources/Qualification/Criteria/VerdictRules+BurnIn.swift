import Foundation
import LinkStatistics

/// Burn-in: light at every read point, and drift against the warning and critical levels.
extension Judgement {
    // MARK: Burn-in read points

    /// Lanes dark at a burn-in read point, or nil when the plan has no burn-in. A lane unmeasured at a completed read
    /// point leaves the run without evidence.
    mutating func judgeBurnInReadPoints() -> Set<Int>? {
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

    func burnInCriterion(_ dark: Set<Int>, counted: Set<Int>) -> CriterionResult {
        let countedDark = dark.intersection(counted)
        return CriterionResult(
            name: "light at every burn-in read point", measured: Double(countedDark.count), limit: 0, unit: "counted lanes dark",
            uncertainty: nil, decisionRule: "a lane reading at or below \(Self.format(parameters.darkFloorDBm)) dBm at any read point fails",
            verdict: countedDark.isEmpty ? .pass : .fail,
            detail: countedDark.isEmpty
                ? "every counted lane lit at every read point" + (dark.isEmpty ? "" : "; \(dark.count) lane(s) dark, all replaced by spares: \(Self.laneList(Array(dark)))")
                : "\(countedDark.count) counted lane(s) dark: \(Self.laneList(Array(countedDark)))")
    }

    // MARK: Drift

    struct DriftOutcome {
        var critical: Set<Int> = []
        var warning: Set<Int> = []
        var unresolved: Set<Int> = []
        /// Per judged lane: |slope|, its uncertainty, the change.
        var figures: [Int: (slope: Double, uncertainty: Double, change: Double)] = [:]
    }

    mutating func judgeDrift() -> DriftOutcome? {
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

    func driftCriterion(_ outcome: DriftOutcome, counted: Set<Int>) -> CriterionResult {
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
}
