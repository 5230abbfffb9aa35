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
        let identity = parseIdentity(root.object("station", required: true), file: source.path)
        let limits = parseLimits(root.object("limits", required: true))
        let purge = root.object("purge").map { reader -> PurgeSupport in
            defer { reader.finish() }
            return PurgeSupport(dewPointCelsius: reader.double("dew_point_celsius", required: true) ?? -40)
        }
        let laneMap = parseLaneMap(root.object("lane_map"))
        let simulation = root.object("simulation").map(parseSimulation)
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
        for role in [InstrumentRole.chamber, .bert, .meter, .supply] where instruments[role] == nil && root.has("instruments") {
            issues.add(
                file: source.path, line: root.node("instruments")?.mark?.line, field: "instruments.\(role.rawValue)",
                value: nil, message: "the station has no \(role.rawValue); a qualification bench needs one")
        }
        if let limits, limits.safeCelsius < limits.chamberMinimumCelsius || limits.safeCelsius > limits.chamberMaximumCelsius {
            issues.add(
                file: source.path, line: root.node("limits")?.mark?.line, field: "limits.chamber.safe_celsius",
                value: String(limits.safeCelsius), message: "the safe temperature must lie within the chamber limits")
        }
        guard let identity, let limits else { return nil }
        return StationFile(
            path: source.path, sha256: source.sha256, identity: identity, limits: limits, purge: purge,
            instruments: instruments, laneMap: laneMap, simulation: simulation)
    }

    private static func parseIdentity(_ reader: YAMLNodeReader?, file: String) -> StationIdentity? {
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
        guard let chamber = reader.object("chamber", required: true), let supply = reader.object("supply", required: true) else {
            return nil
        }
        defer {
            chamber.finish()
            supply.finish()
        }
        let minimum = chamber.double("min_celsius", required: true) ?? 0
        let maximum = chamber.double("max_celsius", required: true) ?? 0
        if minimum >= maximum, chamber.has("min_celsius"), chamber.has("max_celsius") {
            chamber.report("max_celsius", "must be above min_celsius (\(minimum))")
        }
        return SafetyLimits(
            chamberMinimumCelsius: minimum,
            chamberMaximumCelsius: maximum,
            maximumRampKelvinPerMinute: chamber.positive("max_ramp_kelvin_per_minute", required: true, what: "ramp rate") ?? 1,
            safeCelsius: chamber.double("safe_celsius", required: true) ?? 25,
            supplyMaximumVolts: supply.positive("max_volts", required: true, what: "voltage limit") ?? 0,
            supplyMaximumAmps: supply.positive("max_amps", required: true, what: "current limit") ?? 0)
    }

    private static func parseLaneMap(_ reader: YAMLNodeReader?) -> LaneMap {
        guard let reader else { return LaneMap(bertFirstChannel: 1, switchFirstChannel: 1, meterChannel: 1) }
        defer { reader.finish() }
        return LaneMap(
            bertFirstChannel: reader.integer("bert_first_channel", default: 1) ?? 1,
            switchFirstChannel: reader.integer("switch_first_channel", default: 1) ?? 1,
            meterChannel: reader.integer("meter_channel", default: 1) ?? 1)
    }

    private static func parseInstrument(role: InstrumentRole, _ reader: YAMLNodeReader) -> InstrumentEntry? {
        defer { reader.finish() }
        let driver = reader.string("driver", required: true)
        var resource: ResourceString?
        if let text = reader.string("resource", required: true) {
            do {
                resource = try ResourceString(parsing: text)
            } catch {
                reader.report("resource", "\(error)")
            }
        }
        var serial: SerialSettings?
        if let serialReader = reader.object("serial") {
            defer { serialReader.finish() }
            var settings = SerialSettings()
            settings.baud = serialReader.integer("baud", default: settings.baud) ?? settings.baud
            settings.dataBits = serialReader.integer("data_bits", default: settings.dataBits) ?? settings.dataBits
            if let stopBits = serialReader.integer("stop_bits") {
                if let value = SerialSettings.StopBits(rawValue: stopBits) {
                    settings.stopBits = value
                } else {
                    serialReader.report("stop_bits", "expected 1 or 2")
                }
            }
            if let parity: SerialSettings.Parity = serialReader.choice("parity") { settings.parity = parity }
            if let flow: SerialSettings.FlowControl = serialReader.choice("flow_control") { settings.flowControl = flow }
            do {
                try settings.validate()
            } catch {
                serialReader.issues.add(
                    file: serialReader.file, line: serialReader.line, field: serialReader.path, value: nil, message: "\(error)")
            }
            serial = settings
        }
        let calibration = reader.object("calibration").flatMap(parseCalibration)
        if calibration == nil, !reader.has("calibration") {
            reader.issues.add(
                file: reader.file, line: reader.line, field: reader.fieldPath("calibration"), value: nil,
                message: "missing calibration record: every instrument that produces evidence needs one (certificate, calibrated, due)")
        }
        let timeoutMilliseconds = reader.positive("timeout_ms", default: 2000, what: "timeout") ?? 2000
        let settlingMilliseconds = reader.double("settling_ms", default: 20) ?? 20
        let retries = reader.integer("retries", default: 3) ?? 3
        if retries < 0 || retries > 20 { reader.report("retries", "expected 0 to 20 retries") }
        let channels = reader.integer("channels")
        if let channels, channels <= 0 { reader.report("channels", "the channel count must be greater than zero") }
        let output = reader.integer("output", default: 1) ?? 1
        if output < 1 || output > 8 { reader.report("output", "expected a supply output number from 1 to 8") }
        let averaging = reader.integer("averaging")
        if let averaging, averaging < 1 { reader.report("averaging", "expected at least 1 reading per result") }
        let busAddress = reader.integer("bus_address")
        if let busAddress, busAddress < 0 || busAddress > 255 { reader.report("bus_address", "expected 0 to 255") }
        let purgeRelay = reader.integer("purge_relay")
        if let purgeRelay, purgeRelay < 1 { reader.report("purge_relay", "expected a relay number from 1") }
        guard let driver, let resource else { return nil }
        var entry = InstrumentEntry(
            role: role, driver: driver, resource: resource, serial: serial,
            modbusAddress: reader.integer("modbus_address", default: 1) ?? 1,
            channels: channels,
            timeout: .milliseconds(Int(timeoutMilliseconds)),
            retries: max(0, retries),
            settling: .milliseconds(Int(max(0, settlingMilliseconds))),
            calibration: calibration,
            line: reader.line)
        entry.output = output
        entry.averaging = averaging
        entry.busAddress = busAddress
        entry.purgeRelay = purgeRelay
        return entry
    }

    private static func parseCalibration(_ reader: YAMLNodeReader) -> CalibrationRecord? {
        defer { reader.finish() }
        let certificate = reader.string("certificate", required: true)
        let calibratedText = reader.string("calibrated", required: true)
        let dueText = reader.string("due", required: true)
        let calibrated = calibratedText.flatMap(CalendarDate.parse)
        let due = dueText.flatMap(CalendarDate.parse)
        if calibratedText != nil, calibrated == nil { reader.report("calibrated", "expected a date like 2026-03-01") }
        if dueText != nil, due == nil { reader.report("due", "expected a date like 2027-03-01") }
        if let calibrated, let due, due <= calibrated { reader.report("due", "the due date must come after the calibration date") }
        let uncertainty = reader.numberMap("uncertainty", minimum: 0, meaning: "an expanded uncertainty (k = 2)")
        guard let certificate, let calibrated, let due else { return nil }
        return CalibrationRecord(
            certificate: certificate, calibratedBy: reader.string("by", default: "") ?? "", calibrated: calibrated, due: due,
            uncertainty: uncertainty)
    }

    private static func parseSimulation(_ reader: YAMLNodeReader) -> SimulationSettings {
        defer { reader.finish() }
        let chamber = reader.object("chamber")
        let array = reader.object("array")
        defer {
            chamber?.finish()
            array?.finish()
        }
        var faults: [FaultSpec] = []
        for (path, node) in reader.list("faults") ?? [] {
            let fault = YAMLNodeReader(file: reader.file, path: path, node: node, issues: reader.issues)
            defer { fault.finish() }
            guard let kind: FaultSpec.Kind = fault.choiceByRaw("kind"), let role: InstrumentRole = fault.choice("role", required: true)
            else { continue }
            faults.append(
                FaultSpec(
                    kind: kind, role: role,
                    probability: fault.double("probability", default: 0) ?? 0,
                    afterSeconds: fault.double("after_seconds", default: 0) ?? 0,
                    seconds: fault.double("seconds", default: 0) ?? 0,
                    limitCelsius: fault.double("limit_celsius")))
        }
        let seedText = reader.string("seed", default: "1") ?? "1"
        let seed = UInt64(seedText) ?? {
            reader.report("seed", "expected a whole number from 0 to 18446744073709551615")
            return 1
        }()
        return SimulationSettings(
            seed: seed,
            chamberRatedMinimumCelsius: chamber?.double("rated_min_celsius", default: -70) ?? -70,
            chamberRatedMaximumCelsius: chamber?.double("rated_max_celsius", default: 180) ?? 180,
            chamberMaximumRampKelvinPerMinute: chamber?.positive("max_ramp_kelvin_per_minute", default: 15) ?? 15,
            dutTimeConstantSeconds: chamber?.positive("dut_time_constant_seconds", default: 60) ?? 60,
            lanes: array?.integer("lanes", default: 416) ?? 416,
            lineRateGbps: array?.positive("line_rate_gbps", default: 4) ?? 4,
            deadLanes: array?.autoInteger("dead_lanes"),
            weakLanes: array?.autoInteger("weak_lanes"),
            faults: faults)
    }
}

extension YAMLNodeReader {
    /// An integer or the word `auto` (nil).
    func autoInteger(_ key: String) -> Int? {
        guard let text = string(key) else { return nil }
        if text.lowercased() == "auto" { return nil }
        guard let value = Int(text), value >= 0 else {
            report(key, "expected a whole number of lanes or auto")
            return nil
        }
        return value
    }

    /// A choice matched on raw values as written (kebab-case).
    func choiceByRaw<T: RawRepresentable & CaseIterable>(_ key: String) -> T? where T.RawValue == String {
        guard let text = string(key, required: true) else { return nil }
        if let value = T(rawValue: text.lowercased()) { return value }
        report(key, "expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        return nil
    }
}
