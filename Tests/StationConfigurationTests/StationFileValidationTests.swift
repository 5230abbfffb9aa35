import Foundation
import StationConfiguration
import StationLinks
import Testing

/// Bad station files: each problem is reported with file, line, field and value, and loading never traps.
@Suite struct StationFileValidationTests {
    /// The issues of the simulated station with `original` replaced by `replacement`.
    static func issues(replacing original: String, with replacement: String) throws -> [ConfigurationIssue] {
        let path = try Fixtures.station(replacing: original, with: replacement)
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.allSatisfy { $0.file == path })
        return error.issues
    }

    static func issues(text: String) throws -> [ConfigurationIssue] {
        let path = try Fixtures.write(text, name: "station.yaml")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        return error.issues
    }

    @Test func anIssueReadsAsFileLineFieldValueAndMessage() throws {
        let path = try Fixtures.station(replacing: "max_celsius: 130", with: "max_celsius: hot")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.description == "\(path):14: limits.chamber.max_celsius = \"hot\": expected a number")
    }

    @Test func anUnknownSectionIsReported() throws {
        let issues = try Self.issues(replacing: "purge:\n", with: "purges:\n")
        let issue = try #require(issues.first { $0.field == "purges" })
        #expect(issue.line == 23)
        #expect(issue.message.contains("unknown field"))
        #expect(issue.message.contains("purge"))
    }

    @Test func aListWhereANumberBelongsNamesWhatWasFound() throws {
        let issues = try Self.issues(replacing: "    channels: 4\n", with: "    channels: [1, 2]\n")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.meter.channels")
        #expect(issue.line == 83)
        #expect(issue.value == "[…]")
        #expect(issue.message.contains("whole number") && issue.message.contains("list"))
    }

    @Test func aNumberWhereADriverNameBelongsIsAnUnknownDriver() throws {
        let issues = try Self.issues(replacing: "driver: watlow-f4", with: "driver: 42")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.chamber.driver")
        #expect(issue.value == "42")
        #expect(issue.line == 48)
        #expect(issue.message.contains("watlow-f4") && issue.message.contains("espec-p300"))
    }

    @Test func aDriverForAnotherRoleIsRefused() throws {
        let issues = try Self.issues(replacing: "driver: keithley-2460", with: "driver: keysight-n774x")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.supply.driver")
        #expect(issue.message.contains("drives a meter, not a supply"))
        #expect(issue.message.contains("keithley-2460"))
    }

    @Test("dead_man_seconds beyond the ThermoStream's 9999 s TTIM is refused, naming the field")
    func deadManBeyondTTIMIsRefused() throws {
        let issues = try Self.issues(replacing: "    modbus_address: 1\n", with: "    modbus_address: 1\n    dead_man_seconds: 10000\n")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.chamber.dead_man_seconds")
        #expect(issue.value == "10000")
        #expect(issue.message.contains("dead-man time"))
    }

    @Test func driverAliasesAreAccepted() throws {
        let path = try Fixtures.station(replacing: "driver: watlow-f4", with: "driver: F4")
        #expect(try StationFile.load(path: path).instrument(.chamber)?.driver == "F4")
    }

    @Test(arguments: [
        ("timeout_ms: 1e300", "must not exceed 600000 ms"),
        ("timeout_ms: 1e999", "too large"),
        ("channels: 99999999999999999999", "too large"),
        ("channels: 1e12", "between 1 and 100000"),
        ("channels: 2.5", "whole number"),
        ("settling_ms: -5", "between 0 and 60000 ms"),
        ("retries: 50", "between 0 and 20"),
        ("modbus_address: 300", "between 1 and 247"),
    ])
    func hugeOrOutOfRangeInstrumentSettingsAreReportedNotTrapped(_ setting: String, _ expected: String) throws {
        let entry = "    driver: keithley-2460\n    resource: sim\n"
        let issues = try Self.issues(replacing: entry, with: entry + "    \(setting)\n")
        let key = String(setting.prefix { $0 != ":" })
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "instruments.supply.\(key)")
        #expect(issue.value == String(setting.dropFirst(key.count + 2)))
        #expect(issue.line == 93)
        #expect(issue.message.contains(expected), "\(issue)")
    }

    @Test func aHugeTemperatureLimitIsReported() throws {
        let issues = try Self.issues(replacing: "max_celsius: 130", with: "max_celsius: 1e300")
        let issue = try #require(issues.first { $0.field == "limits.chamber.max_celsius" })
        #expect(issue.value == "1e300")
        #expect(issue.message.contains("between -273.15 and 1000 °C"))
    }

    @Test(arguments: ["-4", "0"])
    func aNonPositiveSimulatedLaneCountIsRefused(_ lanes: String) throws {
        let issues = try Self.issues(replacing: "    lanes: 416", with: "    lanes: \(lanes)")
        let issue = try #require(issues.first)
        #expect(issue.field == "simulation.array.lanes")
        #expect(issue.value == lanes)
        #expect(issue.line == 40)
        #expect(issue.message.contains("between 1 and"))
    }

    @Test func moreDeadAndWeakLanesThanTheArrayHasIsRefused() throws {
        let issues = try Self.issues(replacing: "dead_lanes: auto", with: "dead_lanes: 500")
        #expect(issues.contains { $0.field == "simulation.array.dead_lanes" && $0.value == "500" && $0.message.contains("0 to 416") })
    }

    @Test func aLaneMapChannelBelowOneIsRefused() throws {
        let issues = try Self.issues(replacing: "bert_first_channel: 1", with: "bert_first_channel: 0")
        #expect(issues.contains { $0.field == "lane_map.bert_first_channel" && $0.value == "0" && $0.line == 28 })
    }

    @Test func anEmptyFileSaysSo() throws {
        for text in ["", "# only a comment\n", "~\n"] {
            let issues = try Self.issues(text: text)
            #expect(issues.count == 1)
            #expect(issues.first?.message.contains("empty") == true, "\(text.debugDescription)")
        }
    }

    @Test func aTopLevelListIsNotAStationFile() throws {
        let issues = try Self.issues(text: "- station: x\n- limits: y\n")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.line == 1)
        #expect(issue.message.contains("mapping") && issue.message.contains("list"))
    }

    @Test func aDuplicatedKeyIsMalformedYAMLWithItsLine() throws {
        let issues = try Self.issues(replacing: "    safe_celsius: 25\n", with: "    safe_celsius: 25\n    safe_celsius: 30\n")
        let issue = try #require(issues.first)
        #expect(issue.field == "safe_celsius")
        #expect(issue.line == 16)
        #expect(issue.message.contains("more than once"))
    }

    @Test(arguments: [("-5", "between 0 and 50 K"), ("80", "between 0 and 50 K"), ("lots", "expected a number")])
    func anAirOvershootOutsideItsRangeNamesTheField(value: String, expected: String) throws {
        let issues = try Self.issues(
            replacing: "    max_air_overshoot_kelvin: 10\n", with: "    max_air_overshoot_kelvin: \(value)\n")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "limits.chamber.max_air_overshoot_kelvin")
        #expect(issue.value == value)
        #expect(issue.line == 18)
        #expect(issue.message.contains(expected), "\(issue.message)")
    }

    @Test func aDirectoryIsNotAStationFile() throws {
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: Fixtures.path("stations")) }
        #expect(error.description.contains("directory"))
    }

    @Test func aCalibrationRecordWithoutADueDateIsIncomplete() throws {
        let issues = try Self.issues(replacing: "      due: 2027-01-15\n", with: "")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.chamber.calibration.due")
        #expect(issue.message.contains("required field is missing"))
        #expect(issue.line == 54)
    }

    @Test func aCalibrationFieldWithoutAValueIsReported() throws {
        let issues = try Self.issues(replacing: "certificate: CAL-SIM-BERT-0001", with: "certificate:")
        #expect(issues.contains { $0.field == "instruments.bert.calibration.certificate" && $0.message.contains("no value") && $0.line == 64 })
    }

    @Test func aBadBaudRateNamesTheSerialField() throws {
        let issues = try Self.issues(replacing: "baud: 19200", with: "baud: 12345")
        let issue = try #require(issues.first)
        #expect(issue.field == "instruments.chamber.serial.baud")
        #expect(issue.value == "12345")
        #expect(issue.line == 50)
    }

    @Test(arguments: ["rtsCts", "rts_cts", "RTS-CTS"])
    func hardwareFlowControlCanBeChosen(_ spelling: String) throws {
        let path = try Fixtures.station(replacing: "stop_bits: 1 }", with: "stop_bits: 1, flow_control: \(spelling) }")
        #expect(try StationFile.load(path: path).instrument(.chamber)?.serial?.flowControl == .rtsCts)
    }

    @Test func aFaultOfAnUnknownKindIsTheOnlyProblemReported() throws {
        let issues = try Self.issues(
            replacing: "faults: []", with: "faults:\n    - { kind: brownout, role: bert, probability: 0.5, after_seconds: 10, seconds: 5 }")
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.field == "simulation.faults[0].kind")
        #expect(issue.value == "brownout")
        #expect(issue.line == 45)
        #expect(issue.message.contains("drop-replies") && issue.message.contains("over-current"))
    }

    @Test func faultsAreCheckedAgainstWhatTheyMean() throws {
        let issues = try Self.issues(
            replacing: "faults: []",
            with: """
                faults:
                    - { kind: garble-replies, role: meter, probability: 1.5 }
                    - { kind: unreachable-setpoint, role: chamber }
                    - { kind: over-current, role: bert, after_seconds: 10 }
                    - { kind: drop-replies, role: supply }
                    - { kind: silence, role: bert, after_seconds: -1 }
                """)
        #expect(issues.contains { $0.field == "simulation.faults[0].probability" && $0.value == "1.5" && $0.line == 45 })
        #expect(issues.contains { $0.field == "simulation.faults[1].limit_celsius" && $0.message.contains("missing") })
        #expect(issues.contains { $0.field == "simulation.faults[2].role" && $0.value == "bert" && $0.message.contains("supply") })
        #expect(issues.contains { $0.field == "simulation.faults[3].probability" && $0.message.contains("missing") })
        #expect(issues.contains { $0.field == "simulation.faults[4].after_seconds" && $0.value == "-1" })
    }

    @Test func theMeasurementFaultsCarryTheirLanesAndKelvin() throws {
        let faults = """
            faults:
                - { kind: lose-sync, role: bert, lanes: [3, 17], after_seconds: 30, seconds: 5 }
                - { kind: dark-lanes, role: bert, lanes: [415], after_seconds: 60 }
                - { kind: temperature-excursion, role: chamber, after_seconds: 60, seconds: 30, kelvin: -2.5 }
            """
        let path = try Fixtures.station(replacing: "faults: []", with: faults)
        let loaded = try #require(try StationFile.load(path: path).simulation?.faults)
        #expect(loaded.map(\.lanes) == [[3, 17], [415], []])
        #expect(loaded.map(\.kelvin) == [nil, nil, -2.5])
        #expect(loaded[0].afterSeconds == 30 && loaded[0].seconds == 5)
    }

    @Test func measurementFaultsAreCheckedAgainstWhatTheyMean() throws {
        let issues = try Self.issues(
            replacing: "faults: []",
            with: """
                faults:
                    - { kind: lose-sync, role: meter, lanes: [1], seconds: 5 }
                    - { kind: dark-lanes, role: bert, lanes: [416] }
                    - { kind: dark-lanes, role: supply, lanes: [1, 1], seconds: 10 }
                    - { kind: temperature-excursion, role: chamber, seconds: 5 }
                    - { kind: temperature-excursion, role: bert, kelvin: 500, lanes: [2] }
                    - { kind: lose-sync, role: bert, lanes: [] }
                    - { kind: silence, role: bert, kelvin: 3 }
                """)
        #expect(issues.contains { $0.field == "simulation.faults[0].role" && $0.value == "meter" && $0.line == 45 })
        #expect(issues.contains { $0.field == "simulation.faults[1].lanes[0]" && $0.value == "416" && $0.line == 46 })
        #expect(issues.contains { $0.field == "simulation.faults[2].role" && $0.value == "supply" })
        #expect(issues.contains { $0.field == "simulation.faults[2].lanes[1]" && $0.message.contains("twice") })
        #expect(issues.contains { $0.field == "simulation.faults[2].seconds" && $0.value == "10" })
        #expect(issues.contains { $0.field == "simulation.faults[3].kelvin" && $0.message.contains("missing") })
        #expect(issues.contains { $0.field == "simulation.faults[4].kelvin" && $0.value == "500" })
        #expect(issues.contains { $0.field == "simulation.faults[4].role" && $0.value == "bert" })
        #expect(issues.contains { $0.field == "simulation.faults[4].lanes" && $0.message.contains("only lose-sync") })
        #expect(issues.contains { $0.field == "simulation.faults[5].lanes" && $0.message.contains("empty") })
        #expect(issues.contains { $0.field == "simulation.faults[6].kelvin" && $0.message.contains("only temperature-excursion") })
    }

    @Test func aFaultForAnAbsentInstrumentIsRefused() throws {
        var text = try String(contentsOfFile: Fixtures.path("stations/simulated.yaml"), encoding: .utf8)
        let start = try #require(text.range(of: "  switch:\n"))
        let end = try #require(text.range(of: "  meter:\n"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        text = text.replacingOccurrences(of: "faults: []", with: "faults: [{ kind: silence, role: switch, seconds: 10 }]")
        let issues = try Self.issues(text: text)
        #expect(issues.count == 1)
        #expect(issues.first?.field == "simulation.faults[0].role")
        #expect(issues.first?.message.contains("no switch") == true)
    }

    @Test func theDocumentedFaultKindsLoad() throws {
        let faults = """
            faults:
                - { kind: drop-replies, role: meter, probability: 0.1 }
                - { kind: garble-replies, role: supply, probability: 0.1, after_seconds: 5, seconds: 60 }
                - { kind: delay-replies, role: meter, probability: 0.1, milliseconds: 500 }
                - { kind: crc-errors, role: chamber, probability: 0.05 }
                - { kind: silence, role: bert, after_seconds: 30, seconds: 100 }
                - { kind: reboot, role: supply, after_seconds: 30, seconds: 5 }
                - { kind: unreachable-setpoint, role: chamber, limit_celsius: 60 }
                - { kind: chamber-alarm, role: chamber, after_seconds: 120 }
                - { kind: over-current, role: supply, after_seconds: 30 }
                - { kind: lose-sync, role: bert, lanes: [0, 415], after_seconds: 30, seconds: 5 }
                - { kind: dark-lanes, role: meter, lanes: [7], after_seconds: 60 }
                - { kind: temperature-excursion, role: chamber, after_seconds: 60, seconds: 30, kelvin: -2.5 }
            """
        let path = try Fixtures.station(replacing: "faults: []", with: faults)
        let kinds = try StationFile.load(path: path).simulation?.faults.map(\.kind)
        #expect(kinds == FaultSpec.Kind.allCases)
    }
}
