import Instruments
import LinkStatistics
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
        issues += uncertaintyIssues(profile: profile, station: station)
        issues += gatePlanIssues(profile: profile)
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
        for socket in station.sockets where lanes > socket.lanes {
            add(
                "dut.lanes", String(lanes),
                "more lanes than socket \(socket.id) connects (\(socket.lanes), "
                    + "\(station.path)\(socket.line.map { ":\($0)" } ?? ""))")
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
            var message = "above the station's current limit of \(PlanStep.format(limits.supplyMaximumAmps)) A "
                + "(\(source("limits.supply.max_amps")))"
            if let rating = station.rating(of: .supply), let amps = rating.amps, profile.dut.supplyCurrentLimitAmps > amps {
                message += "; instruments.supply is \(rating.what), which cannot source it"
            }
            add("dut.supply_current_limit_amps", PlanStep.format(profile.dut.supplyCurrentLimitAmps), message)
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

    /// A guard-band decision rule needs every uncertainty it uses: the meter's `optical_power_percent` for the
    /// optical window and retention, the supply's `voltage_percent` and `current_percent` for energy per bit.
    private static func uncertaintyIssues(profile: Profile, station: StationFile) -> [ConfigurationIssue] {
        let criteria = profile.criteria
        guard criteria.decisionRule.kind == .guardBand else { return [] }
        var needed: [(InstrumentRole, String, String)] = []
        if criteria.opticalPower != nil { needed.append((.meter, "optical_power_percent", "the optical power window")) }
        if !criteria.retention.isEmpty { needed.append((.meter, "optical_power_percent", "retention")) }
        if criteria.energyPerBit != nil {
            needed.append((.supply, "voltage_percent", "energy per bit"))
            needed.append((.supply, "current_percent", "energy per bit"))
        }
        var issues: [ConfigurationIssue] = []
        var reported: Set<String> = []
        let field = profile.line(of: "criteria.decision_rule.kind") != nil ? "criteria.decision_rule.kind" : "criteria.decision_rule"
        for (role, key, use) in needed where reported.insert("\(role.rawValue).\(key)").inserted {
            guard let entry = station.instrument(role) else { continue }
            guard entry.calibration?.uncertainty[key] == nil else { continue }
            let where_ = "instruments.\(role.rawValue).calibration.uncertainty"
            issues.append(
                ConfigurationIssue(
                    file: profile.path, line: profile.line(of: field), field: field, value: "guard_band",
                    message: "the guard band for \(use) needs the \(role.rawValue)'s uncertainty \(key), which \(station.path) does not give "
                        + "(\(where_).\(key) for \(entry.driver)); add it from the calibration certificate, or use simple_acceptance"))
        }
        return issues
    }

    /// Gates whose stopping plan cannot be built (for instance a first look beyond the gate's maximum).
    private static func gatePlanIssues(profile: Profile) -> [ConfigurationIssue] {
        var issues: [ConfigurationIssue] = []
        var reported: Set<String> = []
        let lineRate = profile.dut.lineRateGbps * 1e9
        for (index, item) in profile.sequence.enumerated() {
            guard case .point(let point) = item, point.measure.ber else { continue }
            do {
                _ = try point.gate.stoppingPlan(lineRate: lineRate)
            } catch {
                let field = profile.settingField("ber_gate", "plan", step: index) ?? profile.settingField("ber_gate", "max_seconds", step: index)
                    ?? "sequence[\(index)]"
                guard reported.insert(field).inserted else { continue }
                issues.append(
                    ConfigurationIssue(
                        file: profile.path, line: profile.line(of: field), field: field, value: point.gate.stopping.name,
                        message: "the BER gate's stopping plan cannot be built: \(error.description(lineRate: lineRate))"))
            }
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
