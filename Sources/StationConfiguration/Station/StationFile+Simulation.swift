import Foundation
import Instruments

extension StationFile {
    /// The `simulation:` section: seed, chamber physics, the simulated array and the injected faults.
    static func parseSimulation(_ reader: YAMLNodeReader) -> SimulationSettings {
        defer { reader.finish() }
        let chamber = reader.object("chamber")
        let array = reader.object("array")
        defer {
            chamber?.finish()
            array?.finish()
        }
        let seedText = reader.string("seed", default: "1") ?? "1"
        let seed = UInt64(seedText.replacingOccurrences(of: "_", with: "")) ?? {
            reader.report("seed", "expected a whole number from 0 to 18446744073709551615")
            return 1
        }()
        let ratedMinimum = chamber?.celsius("rated_min_celsius", default: -70) ?? -70
        let ratedMaximum = chamber?.celsius("rated_max_celsius", default: 180) ?? 180
        if ratedMinimum >= ratedMaximum {
            chamber?.report("rated_max_celsius", "must be above rated_min_celsius (\(YAMLNodeReader.format(ratedMinimum)) °C)")
        }
        let lanes = array?.integer("lanes", default: 416, in: 1...Plausible.maximumLanes, what: "lane count") ?? 416
        let dead = array?.autoInteger("dead_lanes", lanes: lanes)
        let weak = array?.autoInteger("weak_lanes", lanes: lanes)
        if let dead, let weak, dead + weak > lanes {
            array?.report("weak_lanes", "dead_lanes + weak_lanes (\(dead + weak)) exceed the \(lanes) lanes of the array")
        }
        let faults = (reader.list("faults") ?? []).compactMap { entry in
            parseFault(
                YAMLNodeReader(file: reader.file, path: entry.path, node: entry.node, issues: reader.issues), lanes: lanes)
        }
        let epoch = parseEpoch(reader)
        let lanProtocol: SimulatedLANProtocol = reader.choice("lan_protocol", default: .socket) ?? .socket
        var settings = SimulationSettings(
            seed: seed,
            chamberRatedMinimumCelsius: ratedMinimum,
            chamberRatedMaximumCelsius: ratedMaximum,
            chamberMaximumRampKelvinPerMinute: chamber?.positive(
                "max_ramp_kelvin_per_minute", default: 15, what: "ramp rate", minimum: Plausible.minimumRampKelvinPerMinute,
                unit: " K/min") ?? 15,
            dutTimeConstantSeconds: chamber?.positive(
                "dut_time_constant_seconds", default: 60, what: "time constant", maximum: Plausible.maximumSeconds, unit: " s") ?? 60,
            lanes: lanes,
            lineRateGbps: array?.positive("line_rate_gbps", default: 4, what: "line rate", maximum: 1000, unit: " Gb/s") ?? 4,
            deadLanes: dead,
            weakLanes: weak,
            faults: faults,
            epoch: epoch)
        settings.lanProtocol = lanProtocol
        settings.pace = reader.has("pace")
            ? reader.positive("pace", default: 1, what: "pace", maximum: 1e9, unit: " simulated s per wall-clock s") : nil
        return settings
    }

    /// `simulation.epoch`: an ISO 8601 date (UTC midnight) or date-time with its offset; the default when absent.
    private static func parseEpoch(_ reader: YAMLNodeReader) -> Date {
        guard let text = reader.string("epoch") else { return SimulationSettings.defaultEpoch }
        guard let date = CalendarDate.parse(text.trimmingCharacters(in: .whitespaces)) else {
            reader.report(
                "epoch", "expected an ISO 8601 date (2026-03-01) or date-time with offset (2026-03-01T08:00:00Z)")
            return SimulationSettings.defaultEpoch
        }
        return date
    }

    /// One entry of `simulation.faults`; every field is read (and so checked) even when the kind is wrong.
    /// Lane indices are checked against the simulated array's `lanes`.
    private static func parseFault(_ fault: YAMLNodeReader, lanes laneCount: Int) -> FaultSpec? {
        defer { fault.finish() }
        let kind: FaultSpec.Kind? = fault.choice("kind", required: true)
        let role: InstrumentRole? = fault.choice("role", required: true)
        let probability = fault.number("probability", default: 0, in: 0...1, what: "probability per reply") ?? 0
        let after = fault.number("after_seconds", default: 0, in: 0...Plausible.maximumSeconds, what: "start time", unit: " s") ?? 0
        let seconds = fault.number("seconds", default: 0, in: 0...Plausible.maximumSeconds, what: "duration", unit: " s") ?? 0
        let limit = fault.celsius("limit_celsius")
        let lanes = fault.laneIndices("lanes", laneCount: laneCount)
        let kelvin = fault.number("kelvin", in: -Plausible.maximumExcursionKelvin...Plausible.maximumExcursionKelvin,
                                  what: "temperature excursion", unit: " K")
        let milliseconds = fault.number("milliseconds", in: 1...600_000, what: "reply delay", unit: " ms")
        guard let kind, let role else { return nil }
        switch kind {
        case .dropReplies, .garbleReplies, .crcErrors:
            if !fault.has("probability") { fault.missing("probability") }
        case .delayReplies:
            if !fault.has("probability") { fault.missing("probability") }
            if !fault.has("milliseconds") { fault.missing("milliseconds") }
        case .unreachableSetpoint, .chamberAlarm:
            if role != .chamber { fault.report("role", "\(kind.rawValue) is a chamber fault; use role: chamber") }
        case .overCurrent:
            if role != .supply { fault.report("role", "the DUT's over-current shows on the supply; use role: supply") }
        case .loseSync:
            if role != .bert { fault.report("role", "lose-sync happens in the BERT's error detectors; use role: bert") }
        case .darkLanes:
            if role != .bert, role != .meter {
                fault.report("role", "dark lanes show on the BERT and the meter; use role: bert or role: meter")
            }
            if fault.has("seconds") { fault.report("seconds", "a dark lane stays dark for the rest of the run; drop seconds") }
        case .temperatureExcursion:
            if role != .chamber { fault.report("role", "\(kind.rawValue) is a chamber fault; use role: chamber") }
        case .silence, .reboot:
            break
        }
        if kind == .unreachableSetpoint, !fault.has("limit_celsius") { fault.missing("limit_celsius") }
        if kind != .unreachableSetpoint, fault.has("limit_celsius") {
            fault.report("limit_celsius", "only unreachable-setpoint uses limit_celsius")
        }
        let usesLanes = kind == .loseSync || kind == .darkLanes
        if usesLanes, !fault.has("lanes") { fault.missing("lanes") }
        if !usesLanes, fault.has("lanes") { fault.report("lanes", "only lose-sync and dark-lanes use lanes") }
        if kind == .temperatureExcursion, !fault.has("kelvin") { fault.missing("kelvin") }
        if kind != .temperatureExcursion, fault.has("kelvin") {
            fault.report("kelvin", "only temperature-excursion uses kelvin")
        }
        if kind != .delayReplies, fault.has("milliseconds") {
            fault.report("milliseconds", "only delay-replies uses milliseconds")
        }
        return FaultSpec(
            kind: kind, role: role, probability: probability, afterSeconds: after, seconds: seconds, limitCelsius: limit,
            lanes: lanes ?? [], kelvin: kelvin, milliseconds: milliseconds)
    }

    /// Faults must name a role the station has.
    static func checkFaults(_ faults: [FaultSpec], instruments: [InstrumentRole: InstrumentEntry], file: String, issues: IssueCollector) {
        // Indices match the file only when every fault entry was readable.
        guard !issues.issues.contains(where: { $0.field.hasPrefix("simulation.faults") }) else { return }
        // An entry that is present but broken has its own issues already.
        for (index, fault) in faults.enumerated()
        where instruments[fault.role] == nil && issues.lines["instruments.\(fault.role.rawValue)"] == nil {
            let field = "simulation.faults[\(index)].role"
            issues.add(
                file: file, line: issues.lines[field], field: field, value: fault.role.rawValue,
                message: "the station has no \(fault.role.rawValue) to inject this fault into")
        }
    }
}

extension YAMLNodeReader {
    /// A non-empty list of distinct DUT lane indices, 0-based, each below `laneCount`; nil when absent or wrong.
    func laneIndices(_ key: String, laneCount: Int) -> [Int]? {
        guard let entries = list(key) else { return nil }
        let expected = "expected a list of lane indices from 0 to \(laneCount - 1) (lanes count from 0)"
        guard !entries.isEmpty else {
            report(key, "the list is empty; \(expected)")
            return nil
        }
        var lanes: [Int] = []
        for entry in entries {
            let text = entry.node.scalar?.string.trimmingCharacters(in: .whitespaces) ?? ""
            guard let lane = Int(text), (0..<laneCount).contains(lane) else {
                issues.add(file: file, line: entry.node.mark?.line, field: entry.path, value: Self.render(entry.node),
                           message: expected)
                return nil
            }
            guard !lanes.contains(lane) else {
                issues.add(file: file, line: entry.node.mark?.line, field: entry.path, value: text,
                           message: "lane \(lane) is listed twice")
                return nil
            }
            lanes.append(lane)
        }
        return lanes
    }

    /// A lane count from 0 to `lanes`, or the word `auto` (nil: the seed decides).
    func autoInteger(_ key: String, lanes: Int) -> Int? {
        guard let text = string(key) else { return nil }
        if text.lowercased() == "auto" { return nil }
        guard let value = Int(text.trimmingCharacters(in: .whitespaces)), value >= 0, value <= lanes else {
            report(key, "expected auto or a whole number of lanes from 0 to \(lanes)")
            return nil
        }
        return value
    }
}
