import Instruments
import StationConfiguration

/// Checks a profile against a station: what the profile asks must be something this bench can do safely.
public enum PlanValidator {
    /// Every problem found joining `profile` with `station`; empty when the plan is runnable.
    public static func issues(profile: Profile, station: StationFile) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        func add(_ line: Int?, _ field: String, _ value: String?, _ message: String) {
            issues.append(ConfigurationIssue(file: profile.path, line: line, field: field, value: value, message: message))
        }
        let limits = station.limits
        for (index, item) in profile.sequence.enumerated() {
            let field = "sequence[\(index)]"
            for (celsius, line) in temperatures(of: item) where celsius < limits.chamberMinimumCelsius || celsius > limits.chamberMaximumCelsius {
                add(
                    line, field, PlanStep.format(celsius),
                    "setpoint outside the station's limits (\(PlanStep.format(limits.chamberMinimumCelsius)) to \(PlanStep.format(limits.chamberMaximumCelsius)) °C in \(station.path))")
            }
            if case .point(let point) = item, point.measure.ber, let bert = station.instrument(.bert),
                let description = DriverCatalog.lookup(bert.driver), !description.patterns.contains(point.gate.pattern)
            {
                add(
                    point.line, "\(field).ber_gate.pattern", point.gate.pattern.rawValue,
                    "the station's BERT (\(bert.driver)) lacks this pattern; it has \(description.patterns.map(\.rawValue).joined(separator: ", "))")
            }
        }
        let lanes = profile.dut.lanes
        if let bert = station.instrument(.bert), let channels = bert.channels, station.laneMap.bertChannel(lane: lanes - 1) > channels {
            add(nil, "dut.lanes", String(lanes), "more lanes than BERT channels: \(station.path) declares \(channels) channels starting at \(station.laneMap.bertFirstChannel)")
        }
        if let opticalSwitch = station.instrument(.switch) {
            if let channels = opticalSwitch.channels, station.laneMap.switchChannel(lane: lanes - 1) > channels {
                add(nil, "dut.lanes", String(lanes), "more lanes than switch outputs: \(station.path) declares \(channels) outputs")
            }
        } else if let meter = station.instrument(.meter), let channels = meter.channels, station.laneMap.meterChannel + lanes - 1 > channels {
            add(nil, "dut.lanes", String(lanes), "more lanes than meter channels and no optical switch: \(station.path) declares \(channels) meter channels")
        }
        if profile.dut.supplyVolts > limits.supplyMaximumVolts {
            add(nil, "dut.supply_volts", PlanStep.format(profile.dut.supplyVolts), "above the station's supply limit of \(limits.supplyMaximumVolts) V")
        }
        if profile.dut.supplyCurrentLimitAmps > limits.supplyMaximumAmps {
            add(nil, "dut.supply_current_limit_amps", PlanStep.format(profile.dut.supplyCurrentLimitAmps), "above the station's current limit of \(limits.supplyMaximumAmps) A")
        }
        if let condensation = profile.condensation, condensation.strategy == .purge, station.purge == nil {
            add(nil, "condensation.strategy", "purge", "the station has no purge (\(station.path) has no purge section)")
        }
        if let condensation = profile.condensation, condensation.strategy == .slowRamp,
            condensation.slowRampKelvinPerMinute > limits.maximumRampKelvinPerMinute
        {
            add(nil, "condensation.slow_ramp_kelvin_per_minute", PlanStep.format(condensation.slowRampKelvinPerMinute), "faster than the station's ramp limit")
        }
        return issues
    }

    private static func temperatures(of item: SequenceItem) -> [(Double, Int?)] {
        switch item {
        case .point(let point): return [(point.celsius, point.line)]
        case .cycles(let stage): return [(stage.lowCelsius, stage.line), (stage.highCelsius, stage.line)]
        case .burnIn(let stage): return [(stage.celsius, stage.line)]
        }
    }
}
