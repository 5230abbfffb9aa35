import Foundation
import PRBS
import Yams

extension Profile {
    /// Loads and checks a profile on its own; every problem found is reported with file, line and field.
    public static func load(path: String) throws -> Profile {
        let source = try ConfigurationSource.read(path: path)
        let issues = IssueCollector()
        let profile = parse(source, issues: issues)
        try issues.throwIfAny()
        guard let profile else { throw ConfigurationError(issues.issues) }
        return profile
    }

    static func parse(_ source: ConfigurationSource, issues: IssueCollector) -> Profile? {
        guard let root = YAMLNodeReader.document(text: source.text, file: source.path, issues: issues) else { return nil }
        defer { root.finish() }
        let header = root.object("profile", required: true)
        let name = header?.string("name", required: true) ?? ""
        let version = header?.string("version", required: true) ?? ""
        let title = header?.string("title", default: name) ?? name
        header?.finish()

        let dut = parseDUT(root.object("dut", required: true))
        let defaults = root.object("defaults")
        let soak = parseSoak(defaults?.object("soak"), fallback: nil) ?? SoakRule(bandKelvin: 1, stabilitySeconds: 120, maximumSeconds: 3600)
        let gate = parseGate(defaults?.object("ber_gate"), fallback: nil) ?? BERGate(
            pattern: .prbs31, inverted: false, targetBER: 1e-12, confidence: 0.95, maximumSeconds: 1200, pollSeconds: 10)
        let measure = parseMeasure(defaults, fallback: MeasurementSet(ber: true, opticalPower: true, supplyPower: true))
        defaults?.finish()

        var sequence: [SequenceItem] = []
        for (path, node) in root.list("sequence", required: true) ?? [] {
            let item = YAMLNodeReader(file: source.path, path: path, node: node, issues: issues)
            defer { item.finish() }
            if let parsed = parseItem(item, soak: soak, gate: gate, measure: measure) { sequence.append(parsed) }
        }
        if root.has("sequence"), sequence.isEmpty, issues.isEmpty {
            root.report("sequence", "the sequence has no steps")
        }
        let condensation = root.object("condensation").map(parseCondensation)
        let criteria = parseCriteria(root.object("criteria", required: true))
        guard let dut, let criteria else { return nil }
        return Profile(
            path: source.path, sha256: source.sha256, name: name, version: version, title: title, dut: dut,
            sequence: sequence, condensation: condensation, criteria: criteria)
    }

    private static func parseDUT(_ reader: YAMLNodeReader?) -> DUTSpecification? {
        guard let reader else { return nil }
        defer { reader.finish() }
        let lanes = reader.integer("lanes", required: true) ?? 0
        let required = reader.integer("required_lanes", default: lanes) ?? lanes
        if reader.has("lanes"), lanes <= 0 { reader.report("lanes", "the lane count must be greater than zero") }
        if required > lanes || required <= 0 {
            reader.report("required_lanes", "must be between 1 and the lane count (\(lanes))")
        }
        return DUTSpecification(
            part: reader.string("part", required: true) ?? "",
            lanes: lanes,
            requiredLanes: required,
            lineRateGbps: reader.positive("line_rate_gbps", required: true, what: "line rate") ?? 1,
            supplyVolts: reader.positive("supply_volts", required: true, what: "supply voltage") ?? 0,
            supplyCurrentLimitAmps: reader.positive("supply_current_limit_amps", required: true, what: "current limit") ?? 0,
            wavelengthNanometres: reader.positive("wavelength_nm", default: 450, what: "wavelength") ?? 450)
    }

    static func parseSoak(_ reader: YAMLNodeReader?, fallback: SoakRule?) -> SoakRule? {
        guard let reader else { return fallback }
        defer { reader.finish() }
        let base = fallback ?? SoakRule(bandKelvin: 1, stabilitySeconds: 120, maximumSeconds: 3600)
        return SoakRule(
            bandKelvin: reader.positive("band_kelvin", default: base.bandKelvin, what: "band") ?? base.bandKelvin,
            stabilitySeconds: reader.positive("stability_seconds", default: base.stabilitySeconds, what: "stability window")
                ?? base.stabilitySeconds,
            maximumSeconds: reader.positive("max_seconds", default: base.maximumSeconds, what: "maximum soak")
                ?? base.maximumSeconds)
    }

    static func parseGate(_ reader: YAMLNodeReader?, fallback: BERGate?) -> BERGate? {
        guard let reader else { return fallback }
        defer { reader.finish() }
        let base = fallback ?? BERGate(
            pattern: .prbs31, inverted: false, targetBER: 1e-12, confidence: 0.95, maximumSeconds: 1200, pollSeconds: 10)
        var pattern = base.pattern
        if let text = reader.string("pattern") {
            if let parsed = PRBSPattern(name: text) {
                pattern = parsed
            } else {
                reader.report("pattern", "unknown pattern; expected one of: \(PRBSPattern.allCases.map(\.rawValue).joined(separator: ", "))")
            }
        }
        var inverted = base.inverted
        if let polarity = reader.string("polarity") {
            switch polarity.lowercased() {
            case "normal", "positive", "true_polarity": inverted = false
            case "inverted", "negative": inverted = true
            default: reader.report("polarity", "expected normal or inverted")
            }
        }
        let target = reader.positive("target_ber", default: base.targetBER, what: "target BER") ?? base.targetBER
        if target >= 1 { reader.report("target_ber", "a bit error ratio lies between 0 and 1") }
        var confidence = reader.double("confidence", default: base.confidence) ?? base.confidence
        if confidence <= 0 || confidence >= 1 {
            reader.report("confidence", "the confidence level must lie strictly between 0 and 1 (e.g. 0.95)")
            confidence = base.confidence
        }
        return BERGate(
            pattern: pattern, inverted: inverted, targetBER: target, confidence: confidence,
            maximumSeconds: reader.positive("max_seconds", default: base.maximumSeconds, what: "maximum gate time")
                ?? base.maximumSeconds,
            pollSeconds: reader.positive("poll_seconds", default: base.pollSeconds, what: "poll interval") ?? base.pollSeconds)
    }

    static func parseMeasure(_ reader: YAMLNodeReader?, fallback: MeasurementSet) -> MeasurementSet {
        guard let reader, let entries = reader.list("measure") else { return fallback }
        var set = MeasurementSet.none
        for (path, node) in entries {
            switch node.scalar?.string.lowercased() {
            case "ber": set.ber = true
            case "optical_power": set.opticalPower = true
            case "supply_power": set.supplyPower = true
            default:
                reader.issues.add(
                    file: reader.file, line: node.mark?.line, field: path, value: YAMLNodeReader.render(node),
                    message: "unknown measurement; expected ber, optical_power or supply_power")
            }
        }
        return set
    }

    private static func parseItem(_ item: YAMLNodeReader, soak: SoakRule, gate: BERGate, measure: MeasurementSet) -> SequenceItem? {
        let kinds = item.keys
        guard kinds.count == 1, let kind = kinds.first else {
            item.issues.add(
                file: item.file, line: item.line, field: item.path, value: nil,
                message: "each step is one of point, cycles or burn_in")
            return nil
        }
        switch kind {
        case "point":
            if let scalar = item.node("point")?.scalar {
                guard let celsius = YAMLNodeReader.number(scalar.string) else {
                    item.report("point", "expected a temperature in °C")
                    return nil
                }
                return .point(TemperaturePoint(celsius: celsius, soak: soak, gate: gate, measure: measure, line: item.line))
            }
            guard let point = item.object("point") else { return nil }
            defer { point.finish() }
            guard let celsius = point.double("celsius", required: true) else { return nil }
            return .point(
                TemperaturePoint(
                    celsius: celsius, soak: parseSoak(point.object("soak"), fallback: soak) ?? soak,
                    gate: parseGate(point.object("ber_gate"), fallback: gate) ?? gate,
                    measure: parseMeasure(point, fallback: measure), line: point.line))
        case "cycles":
            guard let cycles = item.object("cycles") else { return nil }
            defer { cycles.finish() }
            let low = cycles.double("low_celsius", required: true) ?? 0
            let high = cycles.double("high_celsius", required: true) ?? 0
            if low >= high, cycles.has("low_celsius"), cycles.has("high_celsius") {
                cycles.report("high_celsius", "must be above low_celsius (\(low))")
            }
            let count = cycles.integer("count", required: true) ?? 0
            if cycles.has("count"), count <= 0 { cycles.report("count", "the number of cycles must be greater than zero") }
            return .cycles(
                CycleStage(
                    lowCelsius: low, highCelsius: high, count: count,
                    dwellSeconds: cycles.positive("dwell_seconds", required: true, what: "dwell") ?? 0,
                    soak: parseSoak(cycles.object("soak"), fallback: soak) ?? soak, line: cycles.line))
        case "burn_in":
            guard let burnIn = item.object("burn_in") else { return nil }
            defer { burnIn.finish() }
            let hours = burnIn.positive("hours", required: true, what: "burn-in duration") ?? 0
            let every = burnIn.positive("read_every_minutes", required: true, what: "read-point interval") ?? 0
            return .burnIn(
                BurnInStage(
                    celsius: burnIn.double("celsius", required: true) ?? 0, hours: hours, readEveryMinutes: every,
                    soak: parseSoak(burnIn.object("soak"), fallback: soak) ?? soak, line: burnIn.line))
        default:
            item.report(kind, "unknown step; expected point, cycles or burn_in")
            return nil
        }
    }

    private static func parseCondensation(_ reader: YAMLNodeReader) -> CondensationGuard {
        defer { reader.finish() }
        let strategy: CondensationGuard.Strategy = reader.choice("strategy", required: true) ?? .slowRamp
        return CondensationGuard(
            dewPointCelsius: reader.double("dew_point_celsius", required: true) ?? 12,
            strategy: strategy,
            slowRampKelvinPerMinute: reader.positive("slow_ramp_kelvin_per_minute", default: 2, what: "ramp rate") ?? 2)
    }

    private static func parseCriteria(_ reader: YAMLNodeReader?) -> Criteria? {
        guard let reader else { return nil }
        defer { reader.finish() }
        var rule = DecisionRule.simple
        if let ruleReader = reader.object("decision_rule") {
            defer { ruleReader.finish() }
            rule.kind = ruleReader.choice("kind", required: true) ?? .simpleAcceptance
            rule.coverageFactor = ruleReader.positive("k", default: 2, what: "coverage factor") ?? 2
        }
        let window = reader.object("optical_power").map { power -> OpticalPowerWindow in
            defer { power.finish() }
            let window = OpticalPowerWindow(
                minimumDBm: power.double("min_dbm", required: true) ?? -99, maximumDBm: power.double("max_dbm", required: true) ?? 99)
            if window.minimumDBm >= window.maximumDBm { power.report("max_dbm", "must be above min_dbm") }
            return window
        }
        var retention: [RetentionCriterion] = []
        for (path, node) in reader.list("retention") ?? [] {
            let entry = YAMLNodeReader(file: reader.file, path: path, node: node, issues: reader.issues)
            defer { entry.finish() }
            let fraction = entry.positive("min_fraction", required: true, what: "fraction") ?? 0.9
            if fraction > 1 { entry.report("min_fraction", "a retention fraction lies between 0 and 1 (e.g. 0.90)") }
            retention.append(
                RetentionCriterion(
                    atCelsius: entry.double("at_celsius", required: true) ?? 0,
                    referenceCelsius: entry.double("reference_celsius", default: 25) ?? 25,
                    minimumFraction: fraction))
        }
        let energy = reader.object("energy_per_bit").map { entry -> EnergyPerBitCriterion in
            defer { entry.finish() }
            let rails = (entry.list("rails") ?? []).compactMap { $0.node.scalar?.string }
            return EnergyPerBitCriterion(
                maximumPicojoulesPerBit: entry.positive("max_pj_per_bit", required: true, what: "energy limit") ?? 0,
                rails: rails.isEmpty ? ["dut"] : rails)
        }
        let drift = reader.object("burn_in_drift").map { entry -> DriftCriterion in
            defer { entry.finish() }
            let warning = entry.positive("warning_percent_per_1000h", required: true, what: "warning level") ?? 0
            let critical = entry.positive("critical_percent_per_1000h", required: true, what: "critical level") ?? 0
            if warning > critical { entry.report("warning_percent_per_1000h", "the warning level must not exceed the critical level") }
            return DriftCriterion(
                warningPercentPer1000Hours: warning, criticalPercentPer1000Hours: critical,
                maximumChangePercent: entry.positive("max_change_percent", default: 1, what: "cumulative change") ?? 1)
        }
        return Criteria(decisionRule: rule, opticalPower: window, retention: retention, energyPerBit: energy, burnInDrift: drift)
    }
}
