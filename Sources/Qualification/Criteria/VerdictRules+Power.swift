import Foundation
import LinkStatistics

/// The optical power window and retention, with the decision rule's guard band.
extension Judgement {
    // MARK: Optical power

    var powerUncertaintyFraction: Double? { parameters.opticalPowerUncertaintyPercent.map { $0 / 100 } }

    /// The guard band for an expanded uncertainty `uncertainty` (nil: not recorded); nil when a guard band is needed
    /// but the uncertainty is missing.
    func guardBand(_ uncertainty: Double?) -> Double? {
        guard parameters.usesGuardBand else { return 0 }
        return uncertainty.map { parameters.coverageFactor * $0 }
    }

    var ruleText: String {
        parameters.usesGuardBand
            ? "guard band w = \(Self.format(parameters.coverageFactor))·U (ILAC-G8 §4.2.2)" : "simple acceptance (ILAC-G8 §4.2.1)"
    }

    /// Per lane, its worst margin into the window in dB (negative outside), or nil when the profile has no window.
    mutating func judgeOpticalWindow() -> [Int: Double]? {
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

    func opticalCriterion(_ margins: [Int: Double], counted: Set<Int>) -> CriterionResult {
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
    mutating func judgeRetention() -> [(RetentionParameters, [Int: Double])] {
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

    func retentionCriterion(_ entry: (RetentionParameters, [Int: Double]), counted: Set<Int>) -> CriterionResult {
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

    // MARK: Energy

    func energyCriteria() -> [CriterionResult] {
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
}
