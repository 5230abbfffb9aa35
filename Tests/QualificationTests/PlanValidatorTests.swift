import Foundation
import Qualification
import StationConfiguration
import Testing

/// A profile joined with a station: what the bench cannot do is refused with the profile's file, line, field and
/// value, and a message naming the station file that sets the limit.
@Suite struct PlanValidatorTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func write(_ text: String, name: String) throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-validator-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The validator's issues for `profile` and the simulated station, each edited by its replacements.
    static func issues(
        profile name: String = "profiles/cpo-qualification.yaml", _ profileEdits: [(String, String)] = [],
        station stationEdits: [(String, String)] = []
    ) throws -> (issues: [ConfigurationIssue], profile: Profile, station: StationFile) {
        func edited(_ relative: String, _ edits: [(String, String)]) throws -> String {
            var text = try String(contentsOf: repository.appendingPathComponent(relative), encoding: .utf8)
            for (original, replacement) in edits {
                #expect(text.contains(original), "fixture text not found: \(original)")
                text = text.replacingOccurrences(of: original, with: replacement)
            }
            return text
        }
        let station = try StationFile.load(path: try write(try edited("stations/simulated.yaml", stationEdits), name: "station.yaml"))
        let profile = try Profile.load(path: try write(try edited(name, profileEdits), name: "profile.yaml"))
        let issues = PlanValidator.issues(profile: profile, station: station)
        #expect(issues.allSatisfy { $0.file == profile.path && $0.line != nil }, "\(issues)")
        return (issues, profile, station)
    }

    static let multiLaneBERT = [("driver: scpi-bert", "driver: multilane-bert")]

    static func shipped(_ folder: String) throws -> [String] {
        try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent(folder).path)
            .filter { $0.hasSuffix(".yaml") }.sorted().map { repository.appendingPathComponent(folder).appendingPathComponent($0).path }
    }

    @Test func everyShippedProfileFitsEveryShippedStation() throws {
        let stations = try Self.shipped("stations")
        let profiles = try Self.shipped("profiles")
        #expect(stations.count >= 1 && profiles.count >= 3)
        for stationPath in stations {
            let station = try StationFile.load(path: stationPath)
            for profilePath in profiles {
                let issues = PlanValidator.issues(profile: try Profile.load(path: profilePath), station: station)
                #expect(issues.isEmpty, "\(profilePath) on \(stationPath): \(issues)")
            }
        }
    }

    @Test func aPatternTheBERTLacksIsRefusedOnceWhereItIsWritten() throws {
        let (issues, _, station) = try Self.issues([("pattern: PRBS31", "pattern: PRBS13")], station: Self.multiLaneBERT)
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.field == "defaults.ber_gate.pattern")
        #expect(issue.line == 20)
        #expect(issue.value == "PRBS13")
        #expect(issue.message.contains("multilane-bert"))
        #expect(issue.message.contains("PRBS7, PRBS9, PRBS15, PRBS23, PRBS31"))
        #expect(issue.message.contains(station.path))
    }

    @Test func aPointsOwnPatternIsRefusedAtThePoint() throws {
        let (issues, _, _) = try Self.issues(
            profile: "profiles/quick-check.yaml", [("  - point: 25", "  - point: { celsius: 25, ber_gate: { pattern: PRBS11 } }")],
            station: Self.multiLaneBERT)
        #expect(issues.map(\.field) == ["sequence[0].point.ber_gate.pattern"])
        #expect(issues.first?.line == 22)
        #expect(issues.first?.value == "PRBS11")
    }

    @Test func aPatternOnlyMattersWhereBERIsMeasured() throws {
        let (issues, _, _) = try Self.issues(
            profile: "profiles/quick-check.yaml",
            [("  - point: 25", "  - point: 25\n  - point: { celsius: 85, ber_gate: { pattern: PRBS11 }, measure: [optical_power] }")],
            station: Self.multiLaneBERT)
        #expect(issues.isEmpty)
    }

    @Test func theSCPIBERTHasEveryPattern() throws {
        let (issues, _, _) = try Self.issues([("pattern: PRBS31", "pattern: PRBS13")])
        #expect(issues.isEmpty)
    }

    @Test func aCycleExtremeBeyondTheLimitsNamesItsOwnLine() throws {
        let cycles = "  - cycles:\n      low_celsius: -40\n      high_celsius: 150\n      count: 2\n      dwell_seconds: 600\n"
        let (issues, _, station) = try Self.issues(profile: "profiles/quick-check.yaml", [("sequence:\n", "sequence:\n" + cycles)])
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.field == "sequence[0].cycles.high_celsius")
        #expect(issue.line == 24)
        #expect(issue.value == "150")
        #expect(issue.message.contains("-45 to 130 °C"))
        #expect(issue.message.contains("limits.chamber.max_celsius in \(station.path):14"))
    }

    @Test func aBurnInBelowTheLimitsIsRefused() throws {
        let (issues, _, _) = try Self.issues(
            profile: "profiles/burn-in-overnight.yaml", [("burn_in: { celsius: 85,", "burn_in: { celsius: -60,")])
        #expect(issues.map(\.field) == ["sequence[0].burn_in.celsius"])
        #expect(issues.first?.value == "-60")
        #expect(issues.first?.line == 20)
    }

    @Test func aPointWrittenAsAMappingIsRefusedAtItsCelsiusLine() throws {
        let (issues, _, _) = try Self.issues(
            profile: "profiles/quick-check.yaml", [("  - point: 25", "  - point:\n      soak: { band_kelvin: 2 }\n      celsius: 140")])
        #expect(issues.map(\.field) == ["sequence[0].point.celsius"])
        #expect(issues.first?.line == 24)
    }

    @Test func moreLanesThanBERTChannelsNamesBothFiles() throws {
        let (issues, _, station) = try Self.issues(station: [("    channels: 416\n    calibration:\n      certificate: CAL-SIM-BERT", "    channels: 400\n    calibration:\n      certificate: CAL-SIM-BERT")])
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.field == "dut.lanes")
        #expect(issue.line == 11)
        #expect(issue.value == "416")
        #expect(issue.message.contains("channel 416") && issue.message.contains("has 400"))
        #expect(issue.message.contains("\(station.path):62"))
    }

    @Test func moreLanesThanTheSimulatedArrayIsRefused() throws {
        let (issues, _, _) = try Self.issues(station: [("    lanes: 416", "    lanes: 400")])
        #expect(issues.count == 1)
        #expect(issues.first?.field == "dut.lanes")
        #expect(issues.first?.message.contains("simulated array") == true)
    }

    @Test func aPurgeTheStationLacksIsRefused() throws {
        let (issues, _, _) = try Self.issues(
            [("strategy: slow_ramp", "strategy: purge")], station: [("purge:\n  dew_point_celsius: -40\n", "")])
        #expect(issues.map(\.field) == ["condensation.strategy"])
        #expect(issues.first?.line == 35)
    }

    @Test func aSlowRampFasterThanTheStationAllowsIsRefused() throws {
        let (issues, _, _) = try Self.issues([("slow_ramp_kelvin_per_minute: 2", "slow_ramp_kelvin_per_minute: 20")])
        #expect(issues.map(\.field) == ["condensation.slow_ramp_kelvin_per_minute"])
        #expect(issues.first?.value == "20")
        #expect(issues.first?.line == 36)
        #expect(issues.first?.message.contains("10 K/min") == true)
    }

    @Test func aCurrentLimitAboveTheStationsIsRefused() throws {
        let (issues, _, _) = try Self.issues([("supply_current_limit_amps: 2.5", "supply_current_limit_amps: 3.5")])
        #expect(issues.map(\.field) == ["dut.supply_current_limit_amps"])
        #expect(issues.first?.value == "3.50")
        #expect(issues.first?.line == 15)
    }
}
