import Foundation
import InstrumentProtocols
import Instruments
import StationLinks

extension StationFile {
    /// One entry under `instruments:`; nil when the driver or resource is unusable (the problem is recorded).
    static func parseInstrument(role: InstrumentRole, _ reader: YAMLNodeReader) -> InstrumentEntry? {
        defer { reader.finish() }
        let driver = reader.string("driver", required: true)
        let knownDriver = driver.map { checkDriver($0, role: role, reader) } ?? false
        var resource: ResourceString?
        if let text = reader.string("resource", required: true) {
            do {
                resource = try ResourceString(parsing: text)
            } catch {
                reader.report("resource", "\(error)")
            }
        }
        let serial = reader.object("serial").map(parseSerial)
        let calibration = reader.object("calibration").flatMap(parseCalibration)
        if calibration == nil, !reader.has("calibration") {
            reader.issues.add(
                file: reader.file, line: reader.line, field: reader.fieldPath("calibration"), value: nil,
                message: "missing calibration record: every instrument needs one (certificate, calibrated, due), "
                    + "so the certificate can show its traceability")
        }
        let timeoutMilliseconds = reader.positive("timeout_ms", default: 2000, what: "timeout", maximum: 600_000, unit: " ms") ?? 2000
        let settlingMilliseconds = reader.number("settling_ms", default: 20, in: 0...60_000, what: "settling time", unit: " ms") ?? 20
        let retries = reader.integer("retries", default: 3, in: 0...20, what: "retry count") ?? 3
        let channels = reader.integer("channels", in: 1...Plausible.maximumChannel, what: "channel count")
        let output = reader.integer("output", default: 1, in: 1...8, what: "supply output number") ?? 1
        let averaging = reader.integer("averaging", in: 1...100_000, what: "number of readings averaged")
        let busAddress = reader.integer("bus_address", in: 0...255, what: "bus address")
        let purgeRelay = reader.integer("purge_relay", in: 1...12, what: "purge relay number")
        let modbusAddress = reader.integer("modbus_address", default: 1, in: 1...247, what: "Modbus unit address") ?? 1
        let portmapperPort = reader.integer("portmapper_port", in: 1...65535, what: "portmapper TCP port")
        if portmapperPort != nil, let resource, !resource.usesPortmapper {
            reader.report("portmapper_port", "only a VXI-11 resource (TCPIP0::host::inst0::INSTR) uses the portmapper")
        }
        var wiring = WatlowF4Wiring.standard
        if let event = reader.object("run_event") {
            defer { event.finish() }
            if let register = event.integer("register", in: 2000...2070, what: "event output register") {
                if let exact = WatlowF4Wiring.eventRegisters.first(where: { Int($0) == register }) {
                    wiring.runEventRegister = exact
                } else {
                    event.report("register", "an F4 event output register: 2000 (event 1), 2010 (event 2), … 2070 (event 8)")
                }
            }
            if let value = event.integer("on_value", in: 0...1, what: "value that runs the chamber") {
                wiring.runEventOnValue = UInt16(value)
            }
        }
        wiring.dutInput = reader.bool("dut_input", default: false)
        let thermoStreamModel: ThermoStreamModel? = reader.choice("model")
        let headControl = reader.bool("head_control", default: false)
        let deadManSeconds = reader.integer(
            "dead_man_seconds", default: InstrumentEntry.defaultDeadManSeconds, in: 0...9999,
            what: "dead-man time (the ThermoStream's maximum test time, TTIM)")
        var pairing = "OFF"
        if let text = reader.string("pairing") {
            switch text.lowercased() {
            case "off": pairing = "OFF"
            case "parallel": pairing = "PAR"
            case "series": pairing = "SER"
            default: reader.report("pairing", "expected off, parallel or series")
            }
        }
        guard let driver, knownDriver, let resource else { return nil }
        var entry = InstrumentEntry(
            role: role, driver: driver, resource: resource, serial: serial,
            modbusAddress: modbusAddress,
            channels: channels,
            timeout: .milliseconds(Int(timeoutMilliseconds.rounded())),
            retries: retries,
            settling: .milliseconds(Int(settlingMilliseconds.rounded())),
            calibration: calibration,
            line: reader.line)
        entry.output = output
        entry.averaging = averaging
        entry.busAddress = busAddress
        entry.purgeRelay = purgeRelay
        entry.portmapperPort = portmapperPort
        entry.watlowWiring = wiring
        entry.thermoStreamModel = thermoStreamModel
        entry.headControl = headControl
        entry.deadManSeconds = deadManSeconds ?? InstrumentEntry.defaultDeadManSeconds
        entry.pairing = pairing
        return entry
    }

    /// Whether `name` is a driver QualStation has for `role`; records the problem when it is not.
    private static func checkDriver(_ name: String, role: InstrumentRole, _ reader: YAMLNodeReader) -> Bool {
        let suitable = DriverCatalog.all.filter { $0.capability.rawValue == role.rawValue }.map(\.name)
        guard let description = DriverCatalog.lookup(name) else {
            reader.report("driver", "unknown driver; for the \(role.rawValue) role use one of: \(suitable.joined(separator: ", "))")
            return false
        }
        guard description.capability.rawValue == role.rawValue else {
            reader.report(
                "driver",
                "\(description.name) drives a \(description.capability.rawValue), not a \(role.rawValue); "
                    + "for this role use one of: \(suitable.joined(separator: ", "))")
            return false
        }
        return true
    }

    private static func parseSerial(_ reader: YAMLNodeReader) -> SerialSettings {
        defer { reader.finish() }
        var settings = SerialSettings()
        settings.baud = reader.integer("baud", default: settings.baud) ?? settings.baud
        settings.dataBits = reader.integer("data_bits", default: settings.dataBits) ?? settings.dataBits
        if let stopBits = reader.integer("stop_bits") {
            if let value = SerialSettings.StopBits(rawValue: stopBits) {
                settings.stopBits = value
            } else {
                reader.report("stop_bits", "expected 1 or 2")
            }
        }
        if let parity: SerialSettings.Parity = reader.choice("parity") { settings.parity = parity }
        if let flow: SerialSettings.FlowControl = reader.choice("flow_control") { settings.flowControl = flow }
        do {
            try settings.validate()
        } catch let error as SerialSettingsError {
            let key = error.field == "dataBits" ? "data_bits" : error.field
            reader.report(key, "expected \(error.expected)")
        } catch {
            reader.issues.add(file: reader.file, line: reader.line, field: reader.path, value: nil, message: "\(error)")
        }
        return settings
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
        let calibratedBy = reader.string("by", default: "") ?? ""
        guard let certificate, let calibrated, let due else { return nil }
        return CalibrationRecord(
            certificate: certificate, calibratedBy: calibratedBy, calibrated: calibrated, due: due, uncertainty: uncertainty)
    }
}
