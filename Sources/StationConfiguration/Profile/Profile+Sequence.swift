import Foundation
import Yams

extension Profile {
    /// One entry of `sequence:`: a point, a cycle stage or a burn-in stage.
    static func parseItem(_ item: YAMLNodeReader, index: Int, soak: SoakRule, gate: BERGate, measure: MeasurementSet) -> SequenceItem? {
        // A step that is not a mapping has been reported by the reader already.
        guard item.mapping != nil else { return nil }
        let kinds = item.keys
        guard kinds.count == 1, let kind = kinds.first else {
            for key in kinds { _ = item.node(key) }
            item.issues.add(
                file: item.file, line: item.line, field: item.path, value: kinds.isEmpty ? nil : kinds.joined(separator: ", "),
                message: "each step has exactly one key: point, cycles or burn_in; put a step's settings inside it, "
                    + "e.g. point: { celsius: 25, soak: {…} }")
            return nil
        }
        switch kind {
        case "point": return parsePoint(item, soak: soak, gate: gate, measure: measure)
        case "cycles": return parseCycles(item, soak: soak)
        case "burn_in": return parseBurnIn(item, soak: soak)
        default:
            item.report(kind, "unknown step; expected point, cycles or burn_in")
            _ = item.node(kind)
            return nil
        }
    }

    private static func parsePoint(_ item: YAMLNodeReader, soak: SoakRule, gate: BERGate, measure: MeasurementSet) -> SequenceItem? {
        guard let node = item.node("point") else {
            item.missing("point")
            return nil
        }
        if case .scalar = node {
            guard let celsius = item.celsius("point", required: true) else { return nil }
            return .point(TemperaturePoint(celsius: celsius, soak: soak, gate: gate, measure: measure, line: node.mark?.line ?? item.line))
        }
        guard let point = item.object("point") else { return nil }
        defer { point.finish() }
        let celsius = point.celsius("celsius", required: true)
        let rule = parseSoak(point.object("soak"), fallback: soak)
        let pointGate = parseGate(point.object("ber_gate"), fallback: gate)
        let pointMeasure = parseMeasure(point, fallback: measure)
        guard let celsius else { return nil }
        return .point(
            TemperaturePoint(celsius: celsius, soak: rule, gate: pointGate, measure: pointMeasure, line: point.lineOf("celsius")))
    }

    private static func parseCycles(_ item: YAMLNodeReader, soak: SoakRule) -> SequenceItem? {
        guard let cycles = item.object("cycles", required: true) else { return nil }
        defer { cycles.finish() }
        let low = cycles.celsius("low_celsius", required: true)
        let high = cycles.celsius("high_celsius", required: true)
        if let low, let high, low >= high {
            cycles.report("high_celsius", "must be above low_celsius (\(YAMLNodeReader.format(low)) °C)")
        }
        let count = cycles.integer("count", required: true, in: 1...Plausible.maximumCycles, what: "number of cycles")
        let dwell = cycles.positive("dwell_seconds", required: true, what: "dwell", maximum: Plausible.maximumSeconds, unit: " s")
        let rule = parseSoak(cycles.object("soak"), fallback: soak)
        guard let low, let high, let count, let dwell else { return nil }
        return .cycles(
            CycleStage(lowCelsius: low, highCelsius: high, count: count, dwellSeconds: dwell, soak: rule, line: cycles.line))
    }

    private static func parseBurnIn(_ item: YAMLNodeReader, soak: SoakRule) -> SequenceItem? {
        guard let burnIn = item.object("burn_in", required: true) else { return nil }
        defer { burnIn.finish() }
        let celsius = burnIn.celsius("celsius", required: true)
        let hours = burnIn.positive("hours", required: true, what: "burn-in duration", maximum: Plausible.maximumHours, unit: " h")
        let every = burnIn.positive("read_every_minutes", required: true, what: "read-point interval")
        let rule = parseSoak(burnIn.object("soak"), fallback: soak)
        if let hours, let every {
            let readPoints = hours * 60 / every
            if readPoints < 1 {
                burnIn.report(
                    "read_every_minutes",
                    "the read-point interval is longer than the burn-in (\(YAMLNodeReader.format(hours)) h): "
                        + "only the 0 h reading would be taken")
            } else if readPoints > Double(Plausible.maximumReadPoints) {
                burnIn.report(
                    "read_every_minutes",
                    "\(YAMLNodeReader.format(hours)) h at this interval makes more than \(Plausible.maximumReadPoints) read points; "
                        + "read less often")
            }
        }
        guard let celsius, let hours, let every else { return nil }
        return .burnIn(BurnInStage(celsius: celsius, hours: hours, readEveryMinutes: every, soak: rule, line: burnIn.line))
    }
}
