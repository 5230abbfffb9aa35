import Foundation
import StationConfiguration
import Testing

/// Bad profiles: each problem is reported with file, line, field and value, and loading never traps.
@Suite struct ProfileValidationTests {
    /// The issues of `profiles/quick-check.yaml` with `original` replaced by `replacement`.
    static func issues(
        _ name: String = "profiles/quick-check.yaml", replacing original: String, with replacement: String
    ) throws -> [ConfigurationIssue] {
        let path = try Fixtures.profile(name, replacing: original, with: replacement)
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        #expect(error.issues.allSatisfy { $0.file == path })
        return error.issues
    }

    static func issues(text: String) throws -> [ConfigurationIssue] {
        let path = try Fixtures.write(text, name: "profile.yaml")
        let error = try #require(throws: ConfigurationError.self) { try Profile.load(path: path) }
        return error.issues
    }

    static let sequence = "sequence:\n  - point: 25\n"

    @Test func anUnknownKeyInsideAPointIsReported() throws {
        let issues = try Self.issues(replacing: "  - point: 25", with: "  - point: { celsius: 25, soak_minutes: 5 }")
        let issue = try #require(issues.first)
        #expect(issue.field == "sequence[0].point.soak_minutes")
        #expect(issue.line == 22)
        #expect(issue.message.contains("unknown field") && issue.message.contains("celsius"))
    }

    @Test func aWordWhereTheLaneCountBelongsIsReported() throws {
        let issues = try Self.issues(replacing: "  lanes: 416", with: "  lanes: many")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "dut.lanes")
        #expect(issue.value == "many")
        #expect(issue.line == 9)
        #expect(issue.message.contains("whole number"))
    }

    @Test func aSequenceWrittenAsAMappingIsReported() throws {
        let issues = try Self.issues(replacing: Self.sequence, with: "sequence:\n  point: 25\n")
        let issue = try #require(issues.first)
        #expect(issue.field == "sequence")
        #expect(issue.message.contains("expected a list"))
        #expect(issue.line == 22)
    }

    @Test func aNumberWhereTextBelongsIsKeptAsWritten() throws {
        let path = try Fixtures.profile(replacing: "version: \"1.0\"", with: "version: 1.10")
        #expect(try Profile.load(path: path).version == "1.10")
    }

    @Test func aNumberWhereAWordBelongsIsRefused() throws {
        let issues = try Self.issues(replacing: "polarity: normal", with: "polarity: 1")
        #expect(issues.contains { $0.field == "defaults.ber_gate.polarity" && $0.value == "1" && $0.line == 18 })
    }

    @Test(arguments: [
        ("stability_seconds: 60", "stability_seconds: 0", "defaults.soak.stability_seconds"),
        ("band_kelvin: 1.0", "band_kelvin: -1", "defaults.soak.band_kelvin"),
        ("max_seconds: 1800", "max_seconds: 0", "defaults.soak.max_seconds"),
        ("poll_seconds: 5", "poll_seconds: -5", "defaults.ber_gate.poll_seconds"),
    ])
    func zeroOrNegativeSoakAndGateTimesAreRefused(_ original: String, _ replacement: String, _ field: String) throws {
        let issues = try Self.issues(replacing: original, with: replacement)
        let issue = try #require(issues.first { $0.field == field })
        #expect(issue.message.contains("greater than zero"))
        #expect(issue.value == String(replacement.split(separator: " ").last ?? ""))
        #expect(issue.line != nil)
    }

    @Test(arguments: [
        ("{ low_celsius: -40, high_celsius: 85, count: 2, dwell_seconds: 0 }", "sequence[1].cycles.dwell_seconds", "greater than zero"),
        ("{ low_celsius: -40, high_celsius: 85, count: 0, dwell_seconds: 600 }", "sequence[1].cycles.count", "between 1 and"),
        ("{ low_celsius: -40, high_celsius: 85, count: -3, dwell_seconds: 600 }", "sequence[1].cycles.count", "between 1 and"),
        ("{ low_celsius: 85, high_celsius: -40, count: 2, dwell_seconds: 600 }", "sequence[1].cycles.high_celsius", "above low_celsius"),
    ])
    func badCycleStagesAreRefused(_ stage: String, _ field: String, _ expected: String) throws {
        let issues = try Self.issues(replacing: Self.sequence, with: Self.sequence + "  - cycles: \(stage)\n")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == field)
        #expect(issue.line == 23)
        #expect(issue.message.contains(expected), "\(issue)")
    }

    @Test(arguments: [
        ("{ celsius: 85, hours: 12, read_every_minutes: 0 }", "sequence[1].burn_in.read_every_minutes", "greater than zero"),
        ("{ celsius: 85, hours: 0, read_every_minutes: 10 }", "sequence[1].burn_in.hours", "greater than zero"),
        ("{ celsius: 85, hours: 1, read_every_minutes: 120 }", "sequence[1].burn_in.read_every_minutes", "longer than the burn-in"),
        ("{ celsius: 85, hours: 1e300, read_every_minutes: 10 }", "sequence[1].burn_in.hours", "must not exceed 100000 h"),
        ("{ celsius: 85, hours: 1000, read_every_minutes: 1e-300 }", "sequence[1].burn_in.read_every_minutes", "read points"),
    ])
    func badBurnInStagesAreRefused(_ stage: String, _ field: String, _ expected: String) throws {
        let issues = try Self.issues(replacing: Self.sequence, with: Self.sequence + "  - burn_in: \(stage)\n")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == field)
        #expect(issue.line == 23)
        #expect(issue.message.contains(expected), "\(issue)")
    }

    @Test(arguments: ["-4", "0"])
    func aNonPositiveLaneCountIsOneProblem(_ lanes: String) throws {
        let issues = try Self.issues(replacing: "  lanes: 416", with: "  lanes: \(lanes)")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "dut.lanes")
        #expect(issues.first?.value == lanes)
        #expect(issues.first?.message.contains("between 1 and 100000") == true)
    }

    @Test func moreRequiredLanesThanLanesIsRefused() throws {
        let issues = try Self.issues(replacing: "required_lanes: 400", with: "required_lanes: 417")
        let issue = try #require(issues.first)
        #expect(issue.field == "dut.required_lanes")
        #expect(issue.value == "417")
        #expect(issue.line == 10)
        #expect(issue.message.contains("416"))
    }

    @Test(arguments: [
        ("  lanes: 416", "  lanes: 99999999999999999999", "dut.lanes", "too large"),
        ("  lanes: 416", "  lanes: 1e300", "dut.lanes", "too large"),
        ("  - point: 25", "  - point: 1e300", "sequence[0].point", "between -273.15 and 1000 °C"),
        ("  - point: 25", "  - point: -300", "sequence[0].point", "between -273.15 and 1000 °C"),
        ("max_seconds: 60", "max_seconds: 1e999", "defaults.ber_gate.max_seconds", "too large"),
        ("supply_volts: 1.8", "supply_volts: 1e300", "dut.supply_volts", "must not exceed"),
    ])
    func hugeNumbersAreReportedNotTrapped(_ original: String, _ replacement: String, _ field: String, _ expected: String) throws {
        let issues = try Self.issues(replacing: original, with: replacement)
        let issue = try #require(issues.first { $0.field == field })
        #expect(issue.message.contains(expected), "\(issue)")
        #expect(issue.line != nil)
    }

    @Test(arguments: ["0", "1", "2", "-1e-9"])
    func aTargetBERMustLieBetweenZeroAndOne(_ value: String) throws {
        let issues = try Self.issues(replacing: "target_ber: 1e-9", with: "target_ber: \(value)")
        #expect(issues.count == 1)
        #expect(issues.first?.field == "defaults.ber_gate.target_ber")
        #expect(issues.first?.value == value)
        #expect(issues.first?.line == 18)
    }

    @Test func aGateTooShortToProveItsTargetIsRefusedOnce() throws {
        let issues = try Self.issues(
            "profiles/cpo-qualification.yaml", replacing: "max_seconds: 1200", with: "max_seconds: 600")
        #expect(issues.count == 1)
        let issue = try #require(issues.first)
        #expect(issue.field == "defaults.ber_gate.max_seconds")
        #expect(issue.value == "600")
        #expect(issue.line == 20)
        // The default multi-stage plan's first look: −ln(0.9 × 0.05)/1e-12 bits at 4 Gb/s.
        #expect(issue.message.contains("first look needs 776 s"))
    }

    @Test func aPollIntervalLongerThanTheGateIsRefused() throws {
        let issues = try Self.issues(replacing: "poll_seconds: 5", with: "poll_seconds: 90")
        #expect(issues.contains { $0.field == "defaults.ber_gate.poll_seconds" && $0.value == "90" })
    }

    @Test func aSoakThatCanNeverSettleIsRefused() throws {
        let issues = try Self.issues(replacing: "stability_seconds: 60, max_seconds: 1800", with: "stability_seconds: 600, max_seconds: 300")
        #expect(issues.contains { $0.field == "defaults.soak.max_seconds" && $0.message.contains("never settle") })
    }

    @Test func aStepWithTwoKindsIsRefused() throws {
        let issues = try Self.issues(replacing: "  - point: 25", with: "  - point: 25\n    soak: { band_kelvin: 2 }")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "sequence[0]")
        #expect(issue.value == "point, soak")
        #expect(issue.line == 22)
    }

    @Test func anEmptyProfileSaysSo() throws {
        let issues = try Self.issues(text: "\n\n")
        #expect(issues.count == 1)
        #expect(issues.first?.message.contains("empty") == true)
    }

    @Test func aTopLevelListIsNotAProfile() throws {
        let issues = try Self.issues(text: "- point: 25\n- point: 85\n")
        #expect(issues.count == 1)
        #expect(issues.first?.line == 1)
        #expect(issues.first?.message.contains("top level") == true)
    }

    @Test func malformedYAMLGivesTheParserLine() throws {
        let issues = try Self.issues(replacing: "  - point: 25", with: "  - point: [25")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.message.contains("malformed YAML"))
        #expect(issue.line != nil)
    }

    @Test func aRetentionTemperatureTheSequenceNeverVisitsIsRefused() throws {
        let issues = try Self.issues(
            replacing: "  energy_per_bit:", with: "  retention: [{ at_celsius: 85, reference_celsius: 25, min_fraction: 0.9 }]\n  energy_per_bit:")
        let issue = try #require(issues.first)
        #expect(issues.count == 1)
        #expect(issue.field == "criteria.retention[0].at_celsius")
        #expect(issue.value == "85")
        #expect(issue.line == 27)
        #expect(issue.message.contains("no temperature point at 85 °C"))
    }

    @Test func anEnergyLimitWithoutSupplyReadingsIsRefused() throws {
        let issues = try Self.issues(replacing: "measure: [ber, optical_power, supply_power]", with: "measure: [ber, optical_power]")
        #expect(issues.contains { $0.field == "criteria.energy_per_bit" && $0.line == 27 })
    }

    @Test func aDriftLimitWithoutBurnInIsRefused() throws {
        let issues = try Self.issues(
            replacing: "  energy_per_bit:",
            with: "  burn_in_drift: { warning_percent_per_1000h: 5, critical_percent_per_1000h: 20 }\n  energy_per_bit:")
        #expect(issues.contains { $0.field == "criteria.burn_in_drift" && $0.message.contains("no burn_in") })
    }

    @Test func opticalPowerLimitsMayBeGivenInWatts() throws {
        let path = try Fixtures.profile(
            replacing: "optical_power: { min_dbm: -20, max_dbm: -7 }", with: "optical_power: { min_watts: 10e-6, max_dbm: -7 }")
        let window = try #require(try Profile.load(path: path).criteria.opticalPower)
        #expect(abs(window.minimumDBm - -20) < 1e-9)
        #expect(window.maximumDBm == -7)

        let issues = try Self.issues(
            replacing: "optical_power: { min_dbm: -20, max_dbm: -7 }", with: "optical_power: { min_dbm: -20, min_watts: 10e-6, max_dbm: -7 }")
        #expect(issues.contains { $0.field == "criteria.optical_power.min_watts" && $0.message.contains("not both") })
    }

    @Test func aGuardBandRuleCarriesItsCoverageFactor() throws {
        let path = try Fixtures.profile(replacing: "{ kind: simple_acceptance }", with: "{ kind: guard_band, k: 1 }")
        let rule = try Profile.load(path: path).criteria.decisionRule
        #expect(rule.kind == .guardBand)
        #expect(rule.coverageFactor == 1)
    }

    @Test func aPointMayOverrideTheDefaults() throws {
        let text = try String(contentsOfFile: Fixtures.path("profiles/quick-check.yaml"), encoding: .utf8)
            .replacingOccurrences(
                of: "  - point: 25",
                with: "  - point: { celsius: 25, soak: { band_kelvin: 0.5 }, ber_gate: { pattern: PRBS7, polarity: inverted }, measure: [ber] }")
            .replacingOccurrences(of: "  energy_per_bit: { max_pj_per_bit: 2.0, rails: [dut] }\n", with: "")
            .replacingOccurrences(of: "  optical_power: { min_dbm: -20, max_dbm: -7 }\n", with: "")
        let profile = try Profile.load(path: try Fixtures.write(text))
        guard case .point(let point) = profile.sequence.first else {
            Issue.record("not a point")
            return
        }
        #expect(point.soak.bandKelvin == 0.5)
        #expect(point.soak.stabilitySeconds == 60)
        #expect(point.gate.pattern == .prbs7 && point.gate.inverted)
        #expect(point.gate.targetBER == 1e-9)
        #expect(point.measure == MeasurementSet(ber: true, opticalPower: false, supplyPower: false))
        #expect(profile.settingField("ber_gate", "pattern", step: 0) == "sequence[0].point.ber_gate.pattern")
        #expect(profile.settingField("ber_gate", "target_ber", step: 0) == "defaults.ber_gate.target_ber")
    }
}
