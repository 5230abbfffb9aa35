import Foundation
import Qualification
import StationConfiguration
import Testing

/// A profile on a batch station: its DUT must fit every socket.
@Suite struct BatchPlanValidatorTests {
    @Test func aDUTWithMoreLanesThanASocketConnectsIsRefusedNamingTheSocket() throws {
        var text = try String(
            contentsOf: PlanValidatorTests.repository.appendingPathComponent("stations/simulated-batch.yaml"), encoding: .utf8)
        let original = "  - id: S3\n    lanes: 416\n"
        #expect(text.contains(original))
        text = text.replacingOccurrences(of: original, with: "  - id: S3\n    lanes: 400\n")
        let station = try StationFile.load(path: try PlanValidatorTests.write(text, name: "station.yaml"))
        let profile = try Profile.load(path: PlanValidatorTests.repository.appendingPathComponent("profiles/quick-check.yaml").path)
        let issues = PlanValidator.issues(profile: profile, station: station)
        #expect(issues.count == 1, "\(issues)")
        let issue = try #require(issues.first)
        #expect(issue.field == "dut.lanes" && issue.value == "416" && issue.file == profile.path)
        #expect(issue.message.contains("socket S3 connects (400") && issue.message.contains(station.path))
    }
}
