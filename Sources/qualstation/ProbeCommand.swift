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

    @Option(help: "The driver, e.g. watlow-f4, scpi-bert, keysight-n774x, scpi-switch, keithley-2450.")
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
        } catch {
            StandardError.write(
                "qualstation: no answer from \(resource) with driver \(driver)"
                    + (parsed.isSerial ? " (\(configuration.serial.summary))" : "") + ": \(error)")
            throw ExitCode(69)
        }
        var readings: [String: String] = [:]
        do {
            readings = try await ProbeReadings.read(instrument)
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
