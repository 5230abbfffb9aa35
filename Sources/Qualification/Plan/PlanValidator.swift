import Instruments
import StationConfiguration

/// Checks a profile against a station: what the profile asks must be something this bench can do safely.
///
/// Every issue names the profile, the line and field the value is written on, and the value; the message names the
/// station file field (with its line) that sets the limit.
public enum PlanValidator {
    /// Every problem found joining `profile` with `station`; empty when the plan is runnable.
    public static func issues(profile: Profile, station: StationFile) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        func add(_ field: String, _ value: String?, _ message: String) {
            issues.append(
                ConfigurationIssue(file: profile.path, line: profile.line(of: field), field: field, value: value, message: message))
        }
        /// `field in station.yaml:LINE`, for messages.
        func source(_ field: String) -> String {
            "\(field) in " + (station.line(of: field).map { "\(station.path):\($0)" } ?? station.path)
        }
        let limits = station.limits
        let range = "\(PlanStep.format(limits.chamberMinimumCelsius)) to \(PlanStep.format(limits.chamberMaximumCelsius)) °C"
        for index in profile.sequence.indices {
            for (field, celsius) in profile.temperatureFields(step: index)
            where celsius < limits.chamberMinimumCelsius || celsius > limits.chamberMaximumCelsius {
                let bound = celsius < limits.chamberMinimumCelsius ? "limits.chamber.min_celsius" : "limits.chamber.max_celsius"
                add(field, PlanStep.format(celsius), "setpoint outside the station's limits (\(range); \(source(bound)))")
            }
        }
        issues += patternIssues(profile: profile, station: station)
        let lanes = profile.dut.lanes
        let last = lanes - 1
        let map = station.laneMap
        if let bert = station.instrument(.bert), let channels = bert.channels, map.bertChannel(lane: last) > channels {
            add(
                "dut.lanes", String(lanes),
                "more lanes than BERT channels: lane \(last) would need channel \(map.bertChannel(lane: last)), but the BERT has "
                    + "\(channels) (\(source("instruments.bert.channels")), first channel \(map.bertFirstChannel))")
        }
        if let opticalSwitch = station.instrument(.switch) {
            if let channels = opticalSwitch.channels, map.switchChannel(lane: last) > channels {
                add(
                    "dut.lanes", String(lanes),
                    "more lanes than switch outputs: lane \(last) would need output \(map.switchChannel(lane: last)), but the switch "
                        + "has \(channels) (\(source("instruments.switch.channels")))")
            }
        } else if let meter = station.instrument(.meter), let channels = meter.channels, map.meterChannel + last > channels {
            add(
                "dut.lanes", String(lanes),
                "more lanes than meter channels and no optical switch: the meter has \(channels) channels from channel "
                    + "\(map.meterChannel) (\(source("instruments.meter.channels")))")
        }
        if let simulation = station.simulation, station.isSimulated, lanes > simulation.lanes {
            add(
                "dut.lanes", String(lanes),
                "more lanes than the simulated array has (\(simulation.lanes), \(source("simulation.array.lanes")))")
        }
        if profile.dut.supplyVolts > limits.supplyMaximumVolts {
            add(
                "dut.supply_volts", PlanStep.format(profile.dut.supplyVolts),
                "above the station's supply limit of \(PlanStep.format(limits.supplyMaximumVolts)) V (\(source("limits.supply.max_volts")))")
        }
        if profile.dut.supplyCurrentLimitAmps > limits.supplyMaximumAmps {
            add(
                "dut.supply_current_limit_amps", PlanStep.format(profile.dut.supplyCurrentLimitAmps),
                "above the station's current limit of \(PlanStep.format(limits.supplyMaximumAmps)) A (\(source("limits.supply.max_amps")))")
        }
        if let condensation = profile.condensation, condensation.strategy == .purge, station.purge == nil {
            add("condensation.strategy", "purge", "the station has no purge (\(station.path) has no purge section)")
        }
        if let condensation = profile.condensation, condensation.strategy == .slowRamp,
            condensation.slowRampKelvinPerMinute > limits.maximumRampKelvinPerMinute
        {
            let written = "condensation.slow_ramp_kelvin_per_minute"
            add(
                profile.line(of: written) != nil ? written : "condensation", PlanStep.format(condensation.slowRampKelvinPerMinute),
                "faster than the station's ramp limit of \(PlanStep.format(limits.maximumRampKelvinPerMinute)) K/min "
                    + "(\(source("limits.chamber.max_ramp_kelvin_per_minute")))")
        }
        return issues
    }

    /// BER gates whose pattern the station's BERT driver cannot generate, one issue per place the pattern is written.
    private static func patternIssues(profile: Profile, station: StationFile) -> [ConfigurationIssue] {
        guard let bert = station.instrument(.bert), let description = DriverCatalog.lookup(bert.driver) else { return [] }
        var issues: [ConfigurationIssue] = []
        var reported: Set<String> = []
        for (index, item) in profile.sequence.enumerated() {
            guard case .point(let point) = item, point.measure.ber, !description.patterns.contains(point.gate.pattern) else { continue }
            let written = profile.settingField("ber_gate", "pattern", step: index)
            let field = written ?? "sequence[\(index)]"
            guard reported.insert(field).inserted else { continue }
            let supported = description.patterns.isEmpty ? "none" : description.patterns.map(\.rawValue).joined(separator: ", ")
            issues.append(
                ConfigurationIssue(
                    file: profile.path, line: profile.line(of: field), field: field, value: point.gate.pattern.rawValue,
                    message: "the station's BERT (\(bert.driver), instruments.bert in \(station.path)) cannot generate this pattern"
                        + (written == nil ? " (the built-in default pattern)" : "") + "; it has \(supported)"))
        }
        return issues
    }
}
