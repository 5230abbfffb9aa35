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

    /// The built-in soak rule, used when neither the step nor `defaults.soak` sets a field.
    static let builtInSoak = SoakRule(bandKelvin: 1, stabilitySeconds: 120, maximumSeconds: 3600)
    /// The built-in BER gate, used when neither the point nor `defaults.ber_gate` sets a field.
    static let builtInGate = BERGate(
        pattern: .prbs31, inverted: false, targetBER: 1e-12, confidence: 0.95, maximumSeconds: 1200, pollSeconds: 10)

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
        let soak = parseSoak(defaults?.object("soak"), fallback: builtInSoak)
        let gate = parseGate(defaults?.object("ber_gate"), fallback: builtInGate)
        let measure = parseMeasure(defaults, fallback: MeasurementSet(ber: true, opticalPower: true, supplyPower: true))
        defaults?.finish()

        var sequence: [SequenceItem] = []
        for (index, entry) in (root.list("sequence", required: true) ?? []).enumerated() {
            let item = YAMLNodeReader(file: source.path, path: entry.path, node: entry.node, issues: issues)
            defer { item.finish() }
            if let parsed = parseItem(item, index: index, soak: soak, gate: gate, measure: measure) { sequence.append(parsed) }
        }
        if root.has("sequence"), sequence.isEmpty, issues.isEmpty {
            root.report("sequence", "the sequence has no steps")
        }
        let condensation = root.object("condensation").map(parseCondensation)
        let criteria = parseCriteria(root.object("criteria", required: true))
        guard let dut, let criteria else { return nil }
        var profile = Profile(
            path: source.path, sha256: source.sha256, name: name, version: version, title: title, dut: dut,
            sequence: sequence, condensation: condensation, criteria: criteria)
        profile.fieldLines = issues.lines
        profile.text = source.text
        if issues.isEmpty { profile.checkConsistency(issues) }
        return profile
    }

    private static func parseDUT(_ reader: YAMLNodeReader?) -> DUTSpecification? {
        guard let reader else { return nil }
        defer { reader.finish() }
        let lanes = reader.integer("lanes", required: true, in: 1...Plausible.maximumLanes, what: "lane count")
        let required = reader.integer("required_lanes", default: lanes)
        if let lanes, let required, reader.has("required_lanes"), required < 1 || required > lanes {
            reader.report("required_lanes", "must be between 1 and the lane count, lanes: \(lanes) (the rest are spares)")
        }
        return DUTSpecification(
            part: reader.string("part", required: true) ?? "",
            lanes: lanes ?? 1,
            requiredLanes: required ?? 1,
            lineRateGbps: reader.positive("line_rate_gbps", required: true, what: "line rate", maximum: 1000, unit: " Gb/s") ?? 1,
            supplyVolts: reader.positive("supply_volts", required: true, what: "supply voltage", maximum: 1000, unit: " V") ?? 0,
            supplyCurrentLimitAmps: reader.positive(
                "supply_current_limit_amps", required: true, what: "current limit", maximum: 1000, unit: " A") ?? 0,
            wavelengthNanometres: reader.positive("wavelength_nm", default: 450, what: "wavelength", maximum: 10_000, unit: " nm") ?? 450)
    }

    /// A `soak:` block; fields it leaves out come from `fallback`.
    static func parseSoak(_ reader: YAMLNodeReader?, fallback base: SoakRule) -> SoakRule {
        guard let reader else { return base }
        defer { reader.finish() }
        let longest = Plausible.maximumSeconds
        let rule = SoakRule(
            bandKelvin: reader.positive(
                "band_kelvin", default: base.bandKelvin, what: "band", minimum: Plausible.minimumBandKelvin, maximum: 100, unit: " K")
                ?? base.bandKelvin,
            stabilitySeconds: reader.positive(
                "stability_seconds", default: base.stabilitySeconds, what: "stability window", maximum: longest, unit: " s")
                ?? base.stabilitySeconds,
            maximumSeconds: reader.positive("max_seconds", default: base.maximumSeconds, what: "maximum soak", maximum: longest, unit: " s")
                ?? base.maximumSeconds,
            maximumRepeats: reader.integer("max_repeats", default: base.maximumRepeats, in: 0...Plausible.maximumMeasurementRepeats,
                                           what: "number of repeated measurements") ?? base.maximumRepeats)
        if rule.stabilitySeconds >= rule.maximumSeconds, reader.has("stability_seconds") || reader.has("max_seconds") {
            reader.report(
                reader.has("max_seconds") ? "max_seconds" : "stability_seconds",
                "the soak can never settle: max_seconds (\(YAMLNodeReader.format(rule.maximumSeconds)) s) must be longer than "
                    + "stability_seconds (\(YAMLNodeReader.format(rule.stabilitySeconds)) s)")
        }
        return rule
    }

    /// A `ber_gate:` block; fields it leaves out come from `fallback`.
    static func parseGate(_ reader: YAMLNodeReader?, fallback base: BERGate) -> BERGate {
        guard let reader else { return base }
        defer { reader.finish() }
        var pattern = base.pattern
        if let text = reader.string("pattern") {
            if let parsed = PRBSPattern(name: text) {
                pattern = parsed
            } else {
                let known = PRBSPattern.allCases.map(\.rawValue).joined(separator: ", ")
                reader.report("pattern", "unknown pattern; expected one of: \(known)")
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
        var target = reader.positive("target_ber", default: base.targetBER, what: "target BER") ?? base.targetBER
        if target >= 1 {
            reader.report("target_ber", "a bit error ratio lies between 0 and 1 (e.g. 1e-12)")
            target = base.targetBER
        }
        var confidence = reader.double("confidence", default: base.confidence) ?? base.confidence
        if confidence <= 0 || confidence >= 1 {
            reader.report("confidence", "the confidence level must lie strictly between 0 and 1 (e.g. 0.95)")
            confidence = base.confidence
        }
        let longest = Plausible.maximumSeconds
        let maximum = reader.positive("max_seconds", default: base.maximumSeconds, what: "maximum gate time", maximum: longest, unit: " s")
            ?? base.maximumSeconds
        let poll = reader.positive(
            "poll_seconds", default: base.pollSeconds, what: "poll interval", minimum: Plausible.minimumPollSeconds,
            maximum: longest, unit: " s") ?? base.pollSeconds
        if poll > maximum, reader.has("poll_seconds") || reader.has("max_seconds") {
            reader.report(
                reader.has("poll_seconds") ? "poll_seconds" : "max_seconds",
                "the poll interval (\(YAMLNodeReader.format(poll)) s) must not exceed the maximum gate time "
                    + "(\(YAMLNodeReader.format(maximum)) s)")
        }
        let onSyncLoss: SyncLossPolicy = reader.choice("on_sync_loss", default: base.onSyncLoss) ?? base.onSyncLoss
        return BERGate(
            pattern: pattern, inverted: inverted, targetBER: target, confidence: confidence, maximumSeconds: maximum, pollSeconds: poll,
            stopping: parseStopping(reader, fallback: base.stopping), onSyncLoss: onSyncLoss)
    }

    /// The gate's stopping plan: `plan: zero-error`, or `plan: multi-stage` with `max_errors` and `spending` (the
    /// share of α = 1 − confidence spent at each look, one per allowed error count).
    static func parseStopping(_ reader: YAMLNodeReader, fallback: GateStopping) -> GateStopping {
        var kind = fallback.name
        if let text = reader.string("plan") {
            switch YAMLNodeReader.normalized(text) {
            case "zeroerror": kind = "zero-error"
            case "multistage": kind = "multi-stage"
            default:
                reader.report("plan", "expected zero-error or multi-stage")
                return fallback
            }
        }
        guard kind == "multi-stage" else {
            for key in ["max_errors", "spending"] where reader.has(key) {
                reader.report(key, "only a multi-stage plan takes \(key); a zero-error plan fails a lane at its first error")
            }
            return .zeroError
        }
        var (maximumErrors, spending): (Int, [Double]) = {
            if case .multiStage(let errors, let shares) = fallback { return (errors, shares) }
            if case .multiStage(let errors, let shares) = GateStopping.default { return (errors, shares) }
            return (2, [0.9, 0.06, 0.04])
        }()
        if let errors = reader.integer("max_errors", in: 0...Plausible.maximumGateErrors, what: "number of errors a lane may have") {
            if errors != maximumErrors, !reader.has("spending") {
                // An even split after the first look's 90 %, so the clean-lane time stays the default's.
                spending = errors == 0 ? [1] : [0.9] + Array(repeating: 0.1 / Double(errors), count: errors)
            }
            maximumErrors = errors
        }
        if let entries = reader.list("spending") {
            var shares: [Double] = []
            for (path, node) in entries {
                guard let text = node.scalar?.string, let share = YAMLNodeReader.number(text), share > 0, share <= 1 else {
                    reader.issues.add(
                        file: reader.file, line: node.mark?.line, field: path, value: YAMLNodeReader.render(node),
                        message: "expected a share of α greater than 0 and at most 1")
                    return fallback
                }
                shares.append(share)
            }
            if shares.count != maximumErrors + 1 {
                reader.report(
                    "spending", "give one share per look: max_errors \(maximumErrors) means \(maximumErrors + 1) looks, not \(shares.count)")
                return fallback
            }
            let total = shares.reduce(0, +)
            if total > 1 + 1e-9 {
                reader.report(
                    "spending", "the shares add up to \(YAMLNodeReader.format(total)): a plan may spend at most all of α = 1 − confidence")
                return fallback
            }
            spending = shares
        }
        return .multiStage(maximumErrors: maximumErrors, spending: spending)
    }

    /// The `measure:` list of `reader`, or `fallback` when it has none.
    static func parseMeasure(_ reader: YAMLNodeReader?, fallback: MeasurementSet) -> MeasurementSet {
        guard let reader, let entries = reader.list("measure") else { return fallback }
        var set = MeasurementSet.none
        for (path, node) in entries {
            switch node.scalar.map({ YAMLNodeReader.normalized($0.string) }) {
            case "ber": set.ber = true
            case "opticalpower": set.opticalPower = true
            case "supplypower": set.supplyPower = true
            default:
                reader.issues.add(
                    file: reader.file, line: node.mark?.line, field: path, value: YAMLNodeReader.render(node),
                    message: "unknown measurement; expected ber, optical_power or supply_power")
            }
        }
        return set
    }
}
