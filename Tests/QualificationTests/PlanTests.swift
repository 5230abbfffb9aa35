import Foundation
import Qualification
import StationConfiguration
import Testing

@Suite struct PlanTests {
    static let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func load(profileText transform: (String) -> String = { $0 }, profile name: String = "profiles/cpo-qualification.yaml") throws
        -> (Profile, StationFile)
    {
        let station = try StationFile.load(path: repository.appendingPathComponent("stations/simulated.yaml").path)
        let text = try String(contentsOf: repository.appendingPathComponent(name), encoding: .utf8)
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qs-plan-\(UUID().uuidString).yaml")
        try transform(text).write(to: url, atomically: true, encoding: .utf8)
        return (try Profile.load(path: url.path), station)
    }

    @Test func theShippedProfilesFitTheSimulatedStation() throws {
        for name in ["profiles/quick-check.yaml", "profiles/cpo-qualification.yaml", "profiles/burn-in-overnight.yaml"] {
            let (profile, station) = try Self.load(profile: name)
            #expect(PlanValidator.issues(profile: profile, station: station).isEmpty, "\(name)")
        }
    }

    @Test func aSetpointBeyondTheStationLimitsIsRefused() throws {
        let (profile, station) = try Self.load { $0.replacingOccurrences(of: "  - point: 125", with: "  - point: 150") }
        let issues = PlanValidator.issues(profile: profile, station: station)
        let issue = try #require(issues.first)
        #expect(issue.field == "sequence[6].point")
        #expect(issue.value == "150")
        #expect(issue.message.contains("outside the station's limits"))
        #expect(issue.line == 30)
    }

    @Test func moreLanesThanChannelsIsRefused() throws {
        let (profile, station) = try Self.load {
            $0.replacingOccurrences(of: "lanes: 416\n  required_lanes: 400", with: "lanes: 500\n  required_lanes: 400")
        }
        let issues = PlanValidator.issues(profile: profile, station: station)
        #expect(issues.contains { $0.field == "dut.lanes" && $0.message.contains("BERT channels") })
        #expect(issues.contains { $0.field == "dut.lanes" && $0.message.contains("switch outputs") })
    }

    @Test func aSupplyAboveTheStationLimitIsRefused() throws {
        let (profile, station) = try Self.load { $0.replacingOccurrences(of: "supply_volts: 1.8", with: "supply_volts: 3.3") }
        #expect(PlanValidator.issues(profile: profile, station: station).contains { $0.field == "dut.supply_volts" })
    }

    @Test func theQualificationPlanHasOneStepPerSetpointAndBurnInOnePerReadPoint() throws {
        let (profile, station) = try Self.load()
        let plan = Plan(profile: profile, station: station)
        #expect(plan.steps.map(\.celsius) == [25, -40, 0, 55, 85, 105, 125, 25])
        #expect(plan.steps.last?.name == "25 °C (2)")
        let (burnIn, _) = try Self.load(profile: "profiles/burn-in-overnight.yaml")
        let burnInPlan = Plan(profile: burnIn, station: station)
        #expect(burnInPlan.steps.count == 73)
        #expect(burnInPlan.steps.allSatisfy { $0.kind == "burn-in-read-point" })
    }
}
