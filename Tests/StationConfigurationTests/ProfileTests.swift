import Foundation
import PRBS
import StationConfiguration
import Testing

@Suite struct ProfileTests {
    @Test(arguments: ["profiles/quick-check.yaml", "profiles/cpo-qualification.yaml", "profiles/burn-in-overnight.yaml"])
    func theShippedProfilesLoad(_ name: String) throws {
        let profile = try Profile.load(path: Fixtures.path(name))
        #expect(!profile.sequence.isEmpty)
        #expect(profile.dut.lanes == 416)
        #expect(profile.dut.spares == 16)
    }

    @Test func theQualificationProfileHasTheEightSetpointsAndItsCriteria() throws {
        let profile = try Profile.load(path: Fixtures.path("profiles/cpo-qualification.yaml"))
        let setpoints = profile.sequence.compactMap { item -> Double? in
            if case .point(let point) = item { return point.celsius }
            return nil
        }
        #expect(setpoints == [25, -40, 0, 55, 85, 105, 125, 25])
        guard case .point(let first) = profile.sequence[0] else {
            Issue.record("first step is not a point")
            return
        }
        #expect(first.gate.pattern == .prbs31)
        #expect(first.gate.targetBER == 1e-12)
        #expect(first.gate.confidence == 0.95)
        #expect(profile.criteria.retention.first?.minimumFraction == 0.90)
        #expect(profile.criteria.energyPerBit?.maximumPicojoulesPerBit == 2.0)
    }

    @Test(arguments: ["1.5", "0", "-0.1", "1"])
    func aConfidenceOutsideTheOpenUnitIntervalIsRejected(_ value: String) throws {
        let path = try Fixtures.profile(replacing: "confidence: 0.95", with: "confidence: \(value)")
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        #expect(error.issues.contains { $0.field == "defaults.ber_gate.confidence" && $0.value == value && $0.line == 18 })
    }

    @Test(arguments: ["0", "-5"])
    func zeroOrNegativeDurationsAreRejected(_ value: String) throws {
        let path = try Fixtures.profile(replacing: "max_seconds: 60", with: "max_seconds: \(value)")
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        #expect(error.issues.contains { $0.field == "defaults.ber_gate.max_seconds" && $0.message.contains("greater than zero") })
    }

    @Test func anUnknownPatternListsTheKnownOnes() throws {
        let path = try Fixtures.profile(replacing: "pattern: PRBS31", with: "pattern: PRBS32")
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        let issue = try #require(error.issues.first { $0.field == "defaults.ber_gate.pattern" })
        #expect(issue.value == "PRBS32")
        #expect(issue.message.contains("PRBS31"))
    }

    @Test func anUnknownStepKindIsRejected() throws {
        let path = try Fixtures.profile(replacing: "  - point: 25", with: "  - soak_at: 25")
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        #expect(error.issues.contains { $0.field.hasPrefix("sequence[0]") && $0.message.contains("point, cycles or burn_in") })
    }

    @Test func cyclesAndBurnInAreExpressible() throws {
        let path = try Fixtures.profile(
            replacing: "  - point: 25",
            with: "  - point: 25\n  - cycles: { low_celsius: -40, high_celsius: 85, count: 3, dwell_seconds: 600 }\n  - burn_in: { celsius: 85, hours: 2, read_every_minutes: 30 }")
        let profile = try Profile.load(path: path)
        #expect(profile.sequence.count == 3)
        guard case .cycles(let cycles) = profile.sequence[1], case .burnIn(let burnIn) = profile.sequence[2] else {
            Issue.record("wrong step kinds")
            return
        }
        #expect(cycles.count == 3)
        #expect(burnIn.readEveryMinutes == 30)
    }
}
