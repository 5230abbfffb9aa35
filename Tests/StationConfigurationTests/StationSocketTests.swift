import Foundation
import StationConfiguration
import Testing

/// Batch stations: `sockets:` loads into per-socket lane maps, supplies and thermocouples, and a socket that shares
/// a channel it cannot share, or needs one its instrument lacks, is refused naming file, field and value.
@Suite struct StationSocketTests {
    static let batch = "stations/simulated-batch.yaml"

    /// The issues of the batch station with each `(original, replacement)` applied.
    static func issues(_ replacements: [(String, String)]) throws -> [ConfigurationIssue] {
        var text = try String(contentsOfFile: Fixtures.path(batch), encoding: .utf8)
        for (original, replacement) in replacements {
            precondition(text.contains(original), "fixture text not found: \(original)")
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let path = try Fixtures.write(text, name: "batch.yaml")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.allSatisfy { $0.file == path && $0.line != nil }, "\(error.issues)")
        return error.issues
    }

    @Test func theShippedBatchStationHasFourSocketsOfItsOwnChannels() throws {
        let station = try StationFile.load(path: Fixtures.path(Self.batch))
        #expect(station.sockets.map(\.id) == ["S1", "S2", "S3", "S4"])
        #expect(station.batchSockets == station.sockets)
        #expect(station.sockets.map(\.lanes) == [416, 416, 416, 416])
        #expect(station.sockets.map(\.bertChannels) == [1...416, 417...832, 833...1248, 1249...1664])
        #expect(station.sockets[0].supply == .stationOutput(1))
        guard case .own(let own) = station.sockets[3].supply else {
            Issue.record("S4 should have its own supply")
            return
        }
        #expect(own.driver == "keithley-2460" && own.calibration?.certificate == "CAL-SIM-PS-0004")
        #expect(station.sockets.map(\.thermocouple) == [.chamberDUTInput, .readerChannel(102), .readerChannel(103), .readerChannel(104)])
        #expect(station.instrument(.thermocouples)?.calibration?.certificate == "CAL-SIM-TC-0001")
        #expect(station.sockets.map(\.simulation.dutTimeConstantSeconds) == [60, 70, 80, 90])
    }

    @Test func aSingleDUTStationIsABatchOfOne() throws {
        let station = try StationFile.load(path: Fixtures.path("stations/simulated.yaml"))
        #expect(station.sockets.isEmpty)
        let socket = try #require(station.batchSockets.first)
        #expect(station.batchSockets.count == 1)
        #expect(socket.laneMap == station.laneMap && socket.lanes == 416 && socket.thermocouple == .chamberDUTInput)
    }

    @Test func perSocketDefectsAreRead() throws {
        var text = try String(contentsOfFile: Fixtures.path(Self.batch), encoding: .utf8)
        text = text.replacingOccurrences(
            of: "simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: 70 }",
            with: "simulation: { dead_lanes: 17, weak_lanes: 0, over_current_above_celsius: 105 }")
        let station = try StationFile.load(path: try Fixtures.write(text, name: "batch.yaml"))
        #expect(station.sockets[1].simulation == SocketSimulation(deadLanes: 17, weakLanes: 0, overCurrentAboveCelsius: 105))
        #expect(station.sockets[0].simulation.deadLanes == nil)
    }

    @Test func overlappingBERTChannelsAreRefused() throws {
        let issues = try Self.issues([("bert_first_channel: 833", "bert_first_channel: 800")])
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "sockets[2].bert_first_channel" && issue.value == "800")
        #expect(issue.message.contains("overlap socket S2") && issue.message.contains("800–832"))
    }

    @Test func aSocketBeyondTheBERTsChannelsIsRefused() throws {
        let issues = try Self.issues([("    channels: 1664\n    calibration:\n      certificate: CAL-SIM-BERT", "    channels: 1600\n    calibration:\n      certificate: CAL-SIM-BERT")])
        let issue = try #require(issues.first)
        #expect(issue.field == "sockets[3].bert_first_channel")
        #expect(issue.message.contains("1249–1664") && issue.message.contains("instruments.bert has 1600"))
    }

    @Test func overlappingSwitchOutputsAreRefused() throws {
        let issues = try Self.issues([("switch_first_channel: 1249", "switch_first_channel: 1")])
        #expect(issues.map(\.field) == ["sockets[3].switch_first_channel"])
        #expect(issues.first?.message.contains("overlap socket S1") == true)
    }

    @Test func withoutASwitchMeterChannelsCannotBeShared() throws {
        let issues = try Self.issues([("  switch:\n    driver: scpi-switch", "  unused_switch:\n    driver: scpi-switch")])
        #expect(issues.contains { $0.field == "sockets[0].meter_channel" && $0.message.contains("instruments.meter has 4") })
    }

    @Test func twoSocketsOnOneSupplyOutputAreRefused() throws {
        let own = [
            "    supply:", "      driver: keithley-2460", "      resource: sim", "      calibration:",
            "        certificate: CAL-SIM-PS-0002", "        by: Simulated Calibration Services", "        calibrated: 2026-03-01",
            "        due: 2027-03-01", "        uncertainty: { voltage_percent: 0.02, current_percent: 0.05 }", "",
        ].joined(separator: "\n")
        let issues = try Self.issues([(own, "    supply_output: 1\n")])
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "sockets[1].supply_output" && issue.value == "1")
        #expect(issue.message.contains("already powers socket S1"))
    }

    @Test func anOutputTheSupplyLacksIsRefused() throws {
        let issues = try Self.issues([("supply_output: 1", "supply_output: 2")])
        #expect(issues.map(\.field) == ["sockets[0].supply_output"])
        #expect(issues.first?.message.contains("has 1 output; there is no output 2") == true)
    }

    @Test func aSecondSocketOnTheChambersDUTInputMustSayWhatStandsForIt() throws {
        let issues = try Self.issues([("thermocouple: thermocouples:103\n    simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: 80 }", "thermocouple: chamber\n    simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: 80 }")])
        #expect(issues.map(\.field) == ["sockets[2].thermocouple"])
        #expect(issues.first?.message.contains("already on socket S1") == true)
    }

    @Test func aThermocoupleOfAnUnknownSocketIsRefused() throws {
        let issues = try Self.issues([("thermocouple: thermocouples:104\n    simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: 90 }", "thermocouple: S9\n    simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: 90 }")])
        #expect(issues.map(\.field) == ["sockets[3].thermocouple"])
        #expect(issues.first?.value == "S9")
    }

    /// The shipped station's thermocouple reader entry, as written.
    static let readerEntry = """
          thermocouples:
            driver: keysight-daq970a
            resource: sim
            channels: 20
            calibration:
              certificate: CAL-SIM-TC-0001
              by: Simulated Calibration Services
              calibrated: 2026-02-15
              due: 2027-02-15
              uncertainty: { temperature_kelvin: 0.5 }

        """

    @Test func aReaderChannelTheReaderLacksIsRefused() throws {
        let issues = try Self.issues([("thermocouple: thermocouples:104", "thermocouple: thermocouples:121")])
        #expect(issues.map(\.field) == ["sockets[3].thermocouple"])
        #expect(issues.first?.value == "thermocouples:121")
        #expect(issues.first?.message.contains("has channels 101–120; there is no channel 121") == true, "\(issues)")
    }

    @Test func twoSocketsOnOneReaderChannelAreRefused() throws {
        let issues = try Self.issues([("thermocouple: thermocouples:103", "thermocouple: thermocouples:102")])
        #expect(issues.map(\.field) == ["sockets[2].thermocouple"])
        #expect(issues.first?.value == "thermocouples:102")
        #expect(issues.first?.message.contains("already socket S2's thermocouple") == true, "\(issues)")
    }

    @Test func aReaderChannelWithoutAReaderIsRefused() throws {
        let issues = try Self.issues([(Self.readerEntry, "")])
        #expect(issues.map(\.field) == ["sockets[1].thermocouple", "sockets[2].thermocouple", "sockets[3].thermocouple"])
        #expect(issues.map(\.value) == ["thermocouples:102", "thermocouples:103", "thermocouples:104"])
        #expect(issues.allSatisfy { $0.message.contains("no instruments.thermocouples") }, "\(issues)")
    }

    @Test func aReaderChannelThatIsNoNumberIsRefused() throws {
        let issues = try Self.issues([("thermocouple: thermocouples:104", "thermocouple: thermocouples:4a")])
        #expect(issues.map(\.field) == ["sockets[3].thermocouple"])
        #expect(issues.first?.message.contains("'4a' is no reader channel number") == true, "\(issues)")
    }

    @Test func aSocketMayStandInForOneWithAReaderChannelButNotForOneOnTheAir() throws {
        var text = try String(contentsOfFile: Fixtures.path(Self.batch), encoding: .utf8)
        text = text.replacingOccurrences(of: "thermocouple: thermocouples:104", with: "thermocouple: S2")
        let station = try StationFile.load(path: try Fixtures.write(text, name: "batch.yaml"))
        #expect(station.ownThermocouple(of: station.sockets[3]) == .readerChannel(102))
        #expect(station.readsThermocoupleReader(station.sockets[3]))
        #expect(!station.readsThermocoupleReader(station.sockets[0]))
        let issues = try Self.issues([("thermocouple: thermocouples:103", "thermocouple: air"), ("thermocouple: thermocouples:104", "thermocouple: S3")])
        #expect(issues.map(\.field) == ["sockets[3].thermocouple"])
        #expect(issues.first?.message.contains("socket S3 has no thermocouple of its own") == true, "\(issues)")
    }

    @Test func duplicateIdsAndALaneMapBesideSocketsAreRefused() throws {
        let issues = try Self.issues([("id: S3", "id: S2"), ("sockets:\n", "lane_map: { bert_first_channel: 1 }\nsockets:\n")])
        #expect(Set(issues.map(\.field)) == ["sockets[2].id", "lane_map"])
    }

    @Test func aSocketWithoutASupplyIsRefused() throws {
        let issues = try Self.issues([("    supply_output: 1\n", "")])
        #expect(issues.map(\.field) == ["sockets[0].supply_output"])
        #expect(issues.first?.message.contains("required") == true)
    }
}
