import Foundation
import StationLinks

extension StationFile {
    /// Loads and checks a station file on its own; every problem found is reported with file, line and field.
    public static func load(path: String) throws -> StationFile {
        let source = try ConfigurationSource.read(path: path)
        let issues = IssueCollector()
        let station = parse(source, issues: issues)
        try issues.throwIfAny()
        guard let station else { throw ConfigurationError(issues.issues) }
        return station
    }

    static func parse(_ source: ConfigurationSource, issues: IssueCollector) -> StationFile? {
        guard let root = YAMLNodeReader.document(text: source.text, file: source.path, issues: issues) else { return nil }
        let identity = parseIdentity(root.object("station", required: true))
        let limits = parseLimits(root.object("limits", required: true))
        let purge = root.object("purge").map { reader -> PurgeSupport in
            defer { reader.finish() }
            return PurgeSupport(dewPointCelsius: reader.celsius("dew_point_celsius", required: true) ?? -40)
        }
        let laneMap = parseLaneMap(root.object("lane_map"))
        let simulation = root.object("simulation").map(parseSimulation)
        let (sockets, socketsComplete) = parseSockets(root)
        let fleetURL = root.object("fleet").flatMap { reader -> String? in
            defer { reader.finish() }
            return reader.string("url", required: true)
        }
        var instruments: [InstrumentRole: InstrumentEntry] = [:]
        for (name, reader) in root.entries("instruments", required: true) ?? [] {
            guard let role = InstrumentRole(rawValue: name) else {
                root.issues.add(
                    file: source.path, line: reader.line, field: reader.path, value: name,
                    message: "unknown instrument role; expected one of: \(InstrumentRole.allCases.map(\.rawValue).joined(separator: ", "))")
                continue
            }
            if let entry = parseInstrument(role: role, reader) { instruments[role] = entry }
        }
        root.finish()
        if root.has("instruments") {
            // A role whose entry is present but broken has its own issues already.
            for role in [InstrumentRole.chamber, .bert, .meter, .supply]
            where instruments[role] == nil && issues.lines["instruments.\(role.rawValue)"] == nil {
                issues.add(
                    file: source.path, line: issues.lines["instruments"], field: "instruments.\(role.rawValue)",
                    value: nil, message: "the station has no \(role.rawValue); a qualification bench needs one")
            }
        }
        if let simulation { checkFaults(simulation.faults, instruments: instruments, file: source.path, issues: issues) }
        if let limits { checkRatings(limits, instruments: instruments, file: source.path, issues: issues) }
        if socketsComplete {
            checkSockets(sockets, laneMapWritten: root.has("lane_map"), instruments: instruments, limits: limits, file: source.path, issues: issues)
        }
        guard let identity, let limits else { return nil }
        var station = StationFile(
            path: source.path, sha256: source.sha256, identity: identity, limits: limits, purge: purge,
            instruments: instruments, laneMap: laneMap, simulation: simulation, fieldLines: issues.lines)
        station.text = source.text
        station.fleetURL = fleetURL
        station.sockets = sockets
        return station
    }

    private static func parseIdentity(_ reader: YAMLNodeReader?) -> StationIdentity? {
        guard let reader else { return nil }
        defer { reader.finish() }
        let name = reader.string("name", required: true) ?? ""
        let lab = reader.object("lab", required: true)
        defer { lab?.finish() }
        return StationIdentity(
            name: name,
            id: reader.string("id", required: true) ?? "",
            labName: lab?.string("name", required: true) ?? "",
            labAddress: lab?.string("address", required: true) ?? "",
            location: reader.string("location", default: "") ?? "")
    }

    private static func parseLimits(_ reader: YAMLNodeReader?) -> SafetyLimits? {
        guard let reader else { return nil }
        defer { reader.finish() }
        let chamber = reader.object("chamber", required: true)
        let supply = reader.object("supply", required: true)
        defer {
            chamber?.finish()
            supply?.finish()
        }
        guard let chamber, let supply else { return nil }
        let minimum = chamber.celsius("min_celsius", required: true)
        let maximum = chamber.celsius("max_celsius", required: true)
        let safe = chamber.celsius("safe_celsius", required: true)
        let ramp = chamber.positive(
            "max_ramp_kelvin_per_minute", required: true, what: "ramp rate", minimum: Plausible.minimumRampKelvinPerMinute, unit: " K/min")
        let overshoot = chamber.number(
            "max_air_overshoot_kelvin", default: 0, in: 0...Plausible.maximumAirOvershootKelvin, what: "air overshoot",
            unit: " K")
        let volts = supply.positive("max_volts", required: true, what: "voltage limit")
        let amps = supply.positive("max_amps", required: true, what: "current limit")
        // Cross-checks only between values that are themselves valid, so one mistake is one message.
        guard let minimum, let maximum, let safe, let ramp, let volts, let amps else { return nil }
        if minimum >= maximum {
            chamber.report("max_celsius", "must be above min_celsius (\(YAMLNodeReader.format(minimum)) °C)")
        } else if safe < minimum || safe > maximum {
            chamber.report(
                "safe_celsius",
                "the safe temperature must lie within the chamber limits "
                    + "(\(YAMLNodeReader.format(minimum)) to \(YAMLNodeReader.format(maximum)) °C)")
        }
        return SafetyLimits(
            chamberMinimumCelsius: minimum, chamberMaximumCelsius: maximum, maximumRampKelvinPerMinute: ramp, safeCelsius: safe,
            maximumAirOvershootKelvin: overshoot ?? 0, supplyMaximumVolts: volts, supplyMaximumAmps: amps)
    }

    private static func parseLaneMap(_ reader: YAMLNodeReader?) -> LaneMap {
        guard let reader else { return LaneMap(bertFirstChannel: 1, switchFirstChannel: 1, meterChannel: 1) }
        defer { reader.finish() }
        let channels = 1...Plausible.maximumChannel
        return LaneMap(
            bertFirstChannel: reader.integer("bert_first_channel", default: 1, in: channels, what: "BERT channel") ?? 1,
            switchFirstChannel: reader.integer("switch_first_channel", default: 1, in: channels, what: "switch output") ?? 1,
            meterChannel: reader.integer("meter_channel", default: 1, in: channels, what: "meter channel") ?? 1)
    }
}
