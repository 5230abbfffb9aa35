import ArgumentParser
import Foundation
import InstrumentProtocols
import Instruments
import StationLinks

/// `qualstation probe`: identifies one instrument and prints its current readings — how a technician checks a cable.
struct ProbeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "probe",
        abstract: "Connect to one instrument, identify it and print its current readings.",
        discussion: """
            Reads only: temperature and setpoint for a chamber, power for a meter, lock state for a BERT, V and I \
            for a supply. Exits 69 when nothing answers, saying what was tried.
            """)

    @Option(help: "The driver, e.g. watlow-f4, scpi-bert, keysight-n774x, keysight-n7731c, jdsu-sb, keithley-2460, keysight-daq970a.")
    var driver: String

    @Option(help: """
        The resource string, e.g. ASRL/dev/ttyUSB0::INSTR, TCPIP0::192.168.1.20::5025::SOCKET, \
        TCPIP0::192.168.1.20::inst0::INSTR (VXI-11) or TCPIP0::192.168.1.20::hislip0::INSTR (HiSLIP).
        """)
    var resource: String

    @Option(help: "The host's portmapper port for a VXI-11 resource.")
    var portmapperPort: UInt16 = 111

    @Flag(help: "Look without taking the instrument's lock (VXI-11, HiSLIP); by default probe locks while it reads.")
    var noLock = false

    @Option(help: "Serial baud rate.")
    var baud: Int = 9600

    @Option(help: "Serial parity: none, even or odd.")
    var parity: String = "none"

    @Option(help: "Serial stop bits: 1 or 2.")
    var stopBits: Int = 1

    @Option(help: "Modbus unit address (Modbus chambers).")
    var modbusAddress: Int = 1

    @Option(help: "Reply timeout in seconds.")
    var timeout: Double = 2

    @Flag(help: "Print JSON.")
    var json = false

    func validate() throws {
        guard DriverCatalog.lookup(driver) != nil else {
            throw ValidationError("--driver '\(driver)': unknown; known drivers: \(DriverCatalog.names.joined(separator: ", "))")
        }
        guard SerialSettings.Parity(rawValue: parity) != nil else {
            throw ValidationError("--parity '\(parity)': expected none, even or odd")
        }
        guard SerialSettings.StopBits(rawValue: stopBits) != nil else {
            throw ValidationError("--stop-bits \(stopBits): expected 1 or 2")
        }
        guard timeout > 0 else { throw ValidationError("--timeout \(timeout): must be positive") }
        do {
            _ = try ResourceString(parsing: resource)
        } catch {
            throw ValidationError("--resource '\(resource)': \(error)")
        }
    }

    func run() async throws {
        let parsed: ResourceString
        do { parsed = try ResourceString(parsing: resource) } catch { throw ValidationError("\(error)") }
        var configuration = DriverConfiguration(
            role: "probe", driver: driver, resource: parsed,
            serial: SerialSettings(
                baud: baud, parity: SerialSettings.Parity(rawValue: parity) ?? .none,
                stopBits: SerialSettings.StopBits(rawValue: stopBits) ?? .one),
            modbusAddress: modbusAddress, timeout: .milliseconds(Int(timeout * 1000)), retries: 1,
            // Probe only reads; limits that allow nothing beyond room temperature and no supply output.
            chamberLimits: ChamberLimits(minimumCelsius: 25, maximumCelsius: 25, maximumRampKelvinPerMinute: 1, safeCelsius: 25),
            supplyLimits: SupplyLimits(maximumVolts: 0, maximumAmps: 0))
        configuration.portmapperPort = portmapperPort
        configuration.takesLock = !noLock
        let instrument: any Instrument
        let identity: InstrumentIdentity
        do {
            (instrument, identity) = try await InstrumentFactory.connect(configuration, events: { _ in })
        } catch let refusal as InstrumentError where refusal.kind != .stationFault {
            // It answered, but is not what the driver can use (wrong model, wrong command set, paired outputs…).
            StandardError.write("qualstation: \(resource) answered, but the \(driver) driver refuses it: \(refusal.message)")
            throw ExitCode(69)
        } catch {
            StandardError.write(
                "qualstation: no answer from \(resource) with driver \(driver)"
                    + (parsed.isSerial ? " (\(configuration.serial.summary))" : "") + ": \(error)")
            throw ExitCode(69)
        }
        var readings: [String: String] = [:]
        do {
            readings = try await ProbeReadings.read(instrument)
            readings.merge(await ProbeReadings.findings(instrument, identity: identity)) { first, _ in first }
        } catch {
            readings["error"] = "\(error)"
        }
        await instrument.disconnect()
        if json {
            var object: [String: Any] = [
                "driver": driver, "resource": resource, "manufacturer": identity.manufacturer, "model": identity.model,
                "serial": identity.serialNumber, "firmware": identity.firmware,
            ]
            object["readings"] = readings
            let data = try JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys])
            print(String(decoding: data, as: UTF8.self))
        } else {
            print("\(resource): \(identity.manufacturer) \(identity.model), serial \(identity.serialNumber), firmware \(identity.firmware)")
            for key in readings.keys.sorted() { print("  \(key): \(readings[key] ?? "")") }
        }
        if readings["error"] != nil { throw ExitCode(69) }
    }
}

extension ResourceString {
    /// Whether the resource is a serial port.
    var isSerial: Bool {
        if case .serial = self { return true }
        return false
    }
}

/// Reads whatever an instrument's capability offers, without changing its state.
enum ProbeReadings {
    /// What the driver found at connect that a technician should know, in words: the profile running on an F4,
    /// the Keithley SourceMeter's command set, the N774x's channel count, the switch model, the ThermoStream model.
    static func findings(_ instrument: any Instrument, identity: InstrumentIdentity) async -> [String: String] {
        var findings: [String: String] = [:]
        if let f4 = instrument as? WatlowF4Chamber {
            if let state = await f4.profileAtConnect {
                findings["profile"] = WatlowF4Chamber.describeProfile(state)
            }
            let wiring = f4.wiring
            findings["run_event"] = "register \(wiring.runEventRegister) runs the chamber at \(wiring.runEventOnValue) "
                + "(set run_event in the station file if the chamber is wired otherwise)"
        }
        if let keithley = instrument as? Keithley2450Supply, let language = await keithley.language {
            findings["command_set"] = "the \(keithley.model.rawValue) is in its \(language) command set, as QualStation needs"
        }
        if let meter = instrument as? KeysightN774xMeter {
            let channels = await meter.channelCount()
            findings["meter_channels"] = "the \(identity.model) reports \(channels) optical input\(channels == 1 ? "" : "s")"
        }
        if let stream = instrument as? ThermoStreamATS {
            let model = await stream.model
            findings["thermostream_model"] = "\(model.rawValue): air down to \(String(format: "%.0f", model.lowestAirCelsius)) °C; "
                + (stream.headControl ? "QualStation may lower the head" : "QualStation never moves the head")
        }
        if let opticalSwitch = instrument as? any OpticalSwitch {
            let outputs = await opticalSwitch.channelCount()
            findings["switch_model"] = "\(identity.manufacturer) \(identity.model) with \(outputs) outputs, driven with the "
                + "\(opticalSwitch.driverName) command set"
                + (opticalSwitch.driverName == "scpi-switch" ? " (QualStation's own contract, not a commercial switch's)" : "")
        }
        return findings
    }

    static func read(_ instrument: any Instrument) async throws -> [String: String] {
        var readings: [String: String] = [:]
        if let chamber = instrument as? any ThermalChamber {
            let reading = try await chamber.readTemperatures()
            readings["air_celsius"] = String(format: "%.2f", reading.airCelsius)
            if let dut = reading.dutCelsius { readings["dut_celsius"] = String(format: "%.2f", dut) }
            readings["setpoint_celsius"] = String(format: "%.2f", reading.setpointCelsius)
            let alarms = try await chamber.alarms()
            readings["alarms"] = alarms.isEmpty ? "none" : alarms.joined(separator: "; ")
        }
        if let bert = instrument as? any BitErrorRatioTester {
            let counters = try await bert.readCounters()
            readings["channels"] = String(counters.count)
            readings["locked_channels"] = String(counters.filter(\.synchronized).count)
        }
        if let meter = instrument as? any OpticalPowerMeter {
            let powers = try await meter.readAllPowers()
            for (index, watts) in powers.enumerated() {
                readings["power_channel_\(index + 1)"] = String(format: "%.4g W (%.2f dBm)", watts, 10 * log10(max(watts, 1e-15) / 1e-3))
            }
        }
        if let opticalSwitch = instrument as? any OpticalSwitch {
            readings["switch_channels"] = String(await opticalSwitch.channelCount())
        }
        if let reader = instrument as? any ThermocoupleReader {
            // The first channel of the module: enough to show the unit answers with a temperature.
            let channel = 101
            if let celsius = try await reader.readTemperatures(channels: [channel])[channel] {
                readings["thermocouple_channel_\(channel)"] = String(format: "%.2f °C", celsius)
            }
        }
        if let supply = instrument as? any PowerSupply {
            let reading = try await supply.measure()
            readings["volts"] = String(format: "%.4f", reading.volts)
            readings["amps"] = String(format: "%.6f", reading.amps)
            readings["output"] = reading.outputOn ? "on" : "off"
            readings["in_compliance"] = reading.inCompliance ? "yes" : "no"
        }
        return readings
    }
}
