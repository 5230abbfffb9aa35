import Foundation

extension Profile {
    /// The file's field for setting `key` of block `block` (`ber_gate`, `soak`) as it applies to step `index`: the
    /// step's own block when it sets the key, else `defaults`; nil when the built-in default applies.
    public func settingField(_ block: String, _ key: String, step index: Int) -> String? {
        guard sequence.indices.contains(index) else { return nil }
        let kind: String
        switch sequence[index] {
        case .point: kind = "point"
        case .cycles: kind = "cycles"
        case .burnIn: kind = "burn_in"
        }
        return ["sequence[\(index)].\(kind).\(block).\(key)", "defaults.\(block).\(key)"].first { fieldLines[$0] != nil }
    }

    /// The field holding step `index`'s temperature, e.g. `sequence[2].point` or `sequence[3].cycles.high_celsius`.
    public func temperatureFields(step index: Int) -> [(field: String, celsius: Double)] {
        guard sequence.indices.contains(index) else { return [] }
        let prefix = "sequence[\(index)]"
        switch sequence[index] {
        case .point(let point):
            let field = fieldLines["\(prefix).point.celsius"] != nil ? "\(prefix).point.celsius" : "\(prefix).point"
            return [(field, point.celsius)]
        case .cycles(let stage):
            return [("\(prefix).cycles.low_celsius", stage.lowCelsius), ("\(prefix).cycles.high_celsius", stage.highCelsius)]
        case .burnIn(let stage):
            return [("\(prefix).burn_in.celsius", stage.celsius)]
        }
    }

    /// Checks that need several sections of the profile at once: every criterion must have the evidence it judges,
    /// and every BER gate must be long enough to prove its target.
    func checkConsistency(_ issues: IssueCollector) {
        func add(_ field: String, _ value: String?, _ message: String) {
            issues.add(file: path, line: line(of: field), field: field, value: value, message: message)
        }
        let points = sequence.enumerated().compactMap { index, item -> (Int, TemperaturePoint)? in
            if case .point(let point) = item { return (index, point) }
            return nil
        }
        let hasBurnIn = sequence.contains { if case .burnIn = $0 { return true } else { return false } }
        var reported: Set<String> = []
        for (index, point) in points where point.measure.ber {
            // The stopping plan's first look is the earliest a lane can be accepted; a gate shorter than that fails
            // every lane.
            let seconds = point.gate.firstLookBits / (dut.lineRateGbps * 1e9)
            guard point.gate.maximumSeconds < seconds else { continue }
            let field = settingField("ber_gate", "max_seconds", step: index) ?? "sequence[\(index)]"
            guard reported.insert(field).inserted else { continue }
            let target = String(format: "%g", point.gate.targetBER)
            let confidence = String(format: "%g", point.gate.confidence * 100)
            let needed = String(format: "%.0f", seconds.rounded(.up))
            add(
                field, YAMLNodeReader.format(point.gate.maximumSeconds),
                "too short to prove BER ≤ \(target) at \(confidence) % confidence: the \(point.gate.stopping.name) plan's first look "
                    + "needs \(needed) s at \(YAMLNodeReader.format(dut.lineRateGbps)) Gb/s, so every lane would fail")
        }
        if criteria.opticalPower != nil, !points.contains(where: { $0.1.measure.opticalPower }), !hasBurnIn {
            add("criteria.optical_power", nil, "no step measures optical_power, so this criterion has no evidence to judge")
        }
        if criteria.energyPerBit != nil, !points.contains(where: { $0.1.measure.supplyPower }) {
            add("criteria.energy_per_bit", nil, "no temperature point measures supply_power, so energy per bit cannot be computed")
        }
        if criteria.burnInDrift != nil, !hasBurnIn {
            add("criteria.burn_in_drift", nil, "the sequence has no burn_in stage, so there is no drift to judge")
        }
        for (index, retention) in criteria.retention.enumerated() {
            for (key, celsius) in [("at_celsius", retention.atCelsius), ("reference_celsius", retention.referenceCelsius)] {
                // The verdict uses the first point at each temperature.
                let first = points.first { $0.1.celsius == celsius }
                guard first?.1.measure.opticalPower != true else { continue }
                let field = "criteria.retention[\(index)].\(key)"
                add(
                    fieldLines[field] != nil ? field : "criteria.retention[\(index)]", YAMLNodeReader.format(celsius),
                    first == nil
                        ? "the sequence has no temperature point at \(YAMLNodeReader.format(celsius)) °C to compare"
                        : "the first point at \(YAMLNodeReader.format(celsius)) °C does not measure optical_power")
            }
        }
    }
}
