import Foundation

extension Profile {
    /// The `condensation:` section.
    static func parseCondensation(_ reader: YAMLNodeReader) -> CondensationGuard {
        defer { reader.finish() }
        let strategy: CondensationGuard.Strategy = reader.choice("strategy", required: true) ?? .slowRamp
        return CondensationGuard(
            dewPointCelsius: reader.celsius("dew_point_celsius", required: true) ?? 12,
            strategy: strategy,
            slowRampKelvinPerMinute: reader.positive(
                "slow_ramp_kelvin_per_minute", default: 2, what: "ramp rate", minimum: Plausible.minimumRampKelvinPerMinute,
                unit: " K/min") ?? 2)
    }

    /// The `criteria:` section.
    static func parseCriteria(_ reader: YAMLNodeReader?) -> Criteria? {
        guard let reader else { return nil }
        defer { reader.finish() }
        var rule = DecisionRule.simple
        if let ruleReader = reader.object("decision_rule") {
            defer { ruleReader.finish() }
            rule.kind = ruleReader.choice("kind", required: true) ?? .simpleAcceptance
            rule.coverageFactor = ruleReader.positive("k", default: 2, what: "coverage factor", maximum: 10) ?? 2
        }
        let window = reader.object("optical_power").map(parseOpticalWindow)
        let retention = (reader.list("retention") ?? []).map { entry in
            parseRetention(YAMLNodeReader(file: reader.file, path: entry.path, node: entry.node, issues: reader.issues))
        }
        let energy = reader.object("energy_per_bit").map { entry -> EnergyPerBitCriterion in
            defer { entry.finish() }
            var rails: [String] = []
            for (path, node) in entry.list("rails") ?? [] {
                guard let name = node.scalar?.string, !name.isEmpty else {
                    entry.issues.add(
                        file: entry.file, line: node.mark?.line, field: path, value: YAMLNodeReader.render(node),
                        message: "expected the name of a supply rail, e.g. dut")
                    continue
                }
                rails.append(name)
            }
            return EnergyPerBitCriterion(
                maximumPicojoulesPerBit: entry.positive("max_pj_per_bit", required: true, what: "energy limit") ?? 0,
                rails: rails.isEmpty ? ["dut"] : rails)
        }
        let drift = reader.object("burn_in_drift").map { entry -> DriftCriterion in
            defer { entry.finish() }
            let warning = entry.positive("warning_percent_per_1000h", required: true, what: "warning level") ?? 0
            let critical = entry.positive("critical_percent_per_1000h", required: true, what: "critical level") ?? 0
            if warning > critical, entry.has("warning_percent_per_1000h"), entry.has("critical_percent_per_1000h") {
                entry.report(
                    "warning_percent_per_1000h", "the warning level must not exceed the critical level (\(YAMLNodeReader.format(critical)))")
            }
            return DriftCriterion(
                warningPercentPer1000Hours: warning, criticalPercentPer1000Hours: critical,
                maximumChangePercent: entry.positive("max_change_percent", default: 1, what: "cumulative change") ?? 1)
        }
        return Criteria(decisionRule: rule, opticalPower: window, retention: retention, energyPerBit: energy, burnInDrift: drift)
    }

    /// `optical_power:` with each bound in dBm (`min_dbm`, `max_dbm`) or in watts (`min_watts`, `max_watts`).
    private static func parseOpticalWindow(_ power: YAMLNodeReader) -> OpticalPowerWindow {
        defer { power.finish() }
        func bound(_ name: String) -> Double? {
            let dBmKey = "\(name)_dbm"
            let wattsKey = "\(name)_watts"
            let dBm = power.double(dBmKey)
            let watts = power.positive(wattsKey, what: "power")
            switch (power.has(dBmKey), power.has(wattsKey)) {
            case (true, true):
                power.report(wattsKey, "give the \(name)imum once, as \(dBmKey) or as \(wattsKey), not both")
                return nil
            case (false, false):
                power.issues.add(
                    file: power.file, line: power.line, field: power.fieldPath(dBmKey), value: nil,
                    message: "required field is missing (give \(dBmKey) in dBm or \(wattsKey) in W)")
                return nil
            case (true, false):
                return dBm
            case (false, true):
                return watts.map { 10 * log10($0 / 1e-3) }
            }
        }
        let minimum = bound("min")
        let maximum = bound("max")
        if let minimum, let maximum, minimum >= maximum {
            power.issues.add(
                file: power.file, line: power.line, field: power.path, value: nil,
                message: "the maximum (\(String(format: "%.2f", maximum)) dBm) must be above the minimum "
                    + "(\(String(format: "%.2f", minimum)) dBm)")
        }
        return OpticalPowerWindow(minimumDBm: minimum ?? -99, maximumDBm: maximum ?? 99)
    }

    private static func parseRetention(_ entry: YAMLNodeReader) -> RetentionCriterion {
        defer { entry.finish() }
        let fraction = entry.positive("min_fraction", required: true, what: "fraction") ?? 0.9
        if fraction > 1 { entry.report("min_fraction", "a retention fraction lies between 0 and 1 (e.g. 0.90)") }
        let at = entry.celsius("at_celsius", required: true) ?? 0
        let reference = entry.celsius("reference_celsius", default: 25) ?? 25
        if at == reference, entry.has("at_celsius") {
            entry.report(
                "at_celsius", "the temperature checked must differ from reference_celsius (\(YAMLNodeReader.format(reference)) °C)")
        }
        return RetentionCriterion(atCelsius: at, referenceCelsius: reference, minimumFraction: fraction)
    }
}
