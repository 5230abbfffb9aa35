import Foundation
import StationConfiguration
import StationLinks
import Testing

@Suite struct StationFileTests {
    @Test func theSimulatedStationLoads() throws {
        let station = try StationFile.load(path: Fixtures.path("stations/simulated.yaml"))
        #expect(station.identity.id == "SIM-CPO-01")
        #expect(station.isSimulated)
        #expect(station.instrument(.chamber)?.driver == "watlow-f4")
        #expect(station.instrument(.chamber)?.serial?.baud == 19200)
        #expect(station.instrument(.bert)?.channels == 416)
        #expect(station.limits.chamberMaximumCelsius == 130)
        #expect(station.simulation?.lanes == 416)
        #expect(station.sha256.count == 64)
        #expect(station.instrument(.meter)?.calibration?.uncertainty["optical_power_percent"] == 1.5)
    }

    @Test func anUnknownKeyIsReportedWithItsLine() throws {
        let path = try Fixtures.station(replacing: "    safe_celsius: 25", with: "    safe_celsius: 25\n    safe_celcius: 25")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        let issue = try #require(error.issues.first)
        #expect(issue.field == "limits.chamber.safe_celcius")
        #expect(issue.line == 17)
        #expect(issue.message.contains("unknown field"))
        #expect(error.description.contains(path))
    }

    @Test func aWrongTypeNamesFieldAndValue() throws {
        let path = try Fixtures.station(replacing: "max_celsius: 130", with: "max_celsius: hot")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.contains { $0.field == "limits.chamber.max_celsius" && $0.value == "hot" && $0.message.contains("number") })
    }

    @Test func aMissingCalibrationRecordIsAnError() throws {
        let original = """
                calibration:
                  certificate: CAL-SIM-PS-0001
                  by: Simulated Calibration Services
                  calibrated: 2026-03-01
                  due: 2027-03-01
                  uncertainty: { voltage_percent: 0.02, current_percent: 0.05 }
            """
        let path = try Fixtures.station(replacing: original, with: "")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.count == 1)
        #expect(error.issues.contains { $0.field == "instruments.supply.calibration" && $0.message.contains("missing calibration") && $0.line == 91 })
    }

    @Test func malformedYAMLGivesTheParserLine() throws {
        let path = try Fixtures.write("station:\n  name: [unclosed\nlimits: {}\n")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        let issue = try #require(error.issues.first)
        #expect(issue.message.contains("malformed YAML"))
        #expect(issue.line != nil)
    }

    @Test func aMalformedResourceStringSaysWhatWasExpected() throws {
        let path = try Fixtures.station(replacing: "    driver: scpi-bert\n    resource: sim", with: "    driver: scpi-bert\n    resource: TCPIP0::127.0.0.1")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.contains { $0.field == "instruments.bert.resource" && $0.value == "TCPIP0::127.0.0.1" })
    }

    @Test func driverOptionsAreReadAndChecked() throws {
        // Output 2 is rated 25 V, 1 A: the station's 3 A limit is lowered to fit it.
        let text = try String(contentsOfFile: Fixtures.path("stations/simulated.yaml"), encoding: .utf8)
            .replacingOccurrences(of: "    driver: keithley-2460\n    resource: sim", with: "    driver: keysight-e36312a\n    resource: sim\n    output: 2")
            .replacingOccurrences(of: "max_amps: 3.0", with: "max_amps: 1.0")
        let path = try Fixtures.write(text, name: "station.yaml")
        let station = try StationFile.load(path: path)
        #expect(station.instrument(.supply)?.output == 2)
        #expect(station.instrument(.meter)?.averaging == nil)

        let bad = try Fixtures.station(
            replacing: "    driver: keysight-n774x\n    resource: sim",
            with: "    driver: keysight-n774x\n    resource: sim\n    averaging: 0")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: bad) }
        #expect(error.issues.contains { $0.field == "instruments.meter.averaging" && $0.value == "0" })
    }

    @Test func aMissingFileIsAClearError() throws {
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: "/nonexistent/station.yaml") }
        #expect(error.description.contains("/nonexistent/station.yaml"))
        #expect(error.description.contains("does not exist"))
    }
}
