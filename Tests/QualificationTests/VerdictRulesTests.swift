import Foundation
import LinkStatistics
import Qualification
import Testing

/// The verdict rules at every boundary, on hand-built inputs: sparing at 16 and 17 failed lanes against 16 spares,
/// values exactly at a limit, guard-band edges on both sides of each window, retention at its threshold, drift at the
/// warning and critical levels, sync losses, dark and unmeasured burn-in lanes, the measurement window, and which
/// causes make a run FAIL and which INCOMPLETE.
@Suite struct VerdictRulesTests {
    static let lineRate = 4e9
    static let plan = try! GatePlan.multiStage(
        targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, spending: [0.9, 0.06, 0.04], maximumBits: 1200 * lineRate)
    /// The same plan without a cap, so its later looks exist.
    static let uncapped = try! GatePlan.multiStage(
        targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, spending: [0.9, 0.06, 0.04], maximumBits: 1e6 * lineRate)
    static let cleanBits = plan.looks[0].bits + 1

    /// 416 lanes, 400 required: one 25 °C step and one 85 °C step, each gating BER and reading power and supply; every
    /// lane accepted, 0.1 mW at 25 °C and 0.095 mW at 85 °C; the DUT inside its ±1 K band throughout.
    static func inputs(
        rule: String = "simple_acceptance", coverage: Double = 1, powerUncertainty: Double? = 1.5, onSyncLoss: String = "fail"
    ) -> VerdictInputs {
        let steps = [25.0, 85.0].enumerated().map { index, celsius in
            StepEvidence(
                index: index, name: "\(Int(celsius)) °C", kind: "temperature-point", celsius: celsius, complete: true, attempts: 1,
                measuresBER: true, measuresOpticalPower: true, measuresSupplyPower: true, burnInHours: nil,
                window: MeasurementWindow(
                    bandKelvin: 1, samples: 10, dutMinimumCelsius: celsius - 0.4, dutMaximumCelsius: celsius + 0.4, dutMeanCelsius: celsius,
                    repeats: 0),
                supplyWatts: 2.0)
        }
        let lanes = (0..<416).map { lane in
            LaneEvidence(
                lane: lane, role: lane < 400 ? "active" : "spare",
                gates: [0, 1].map { LaneGateEvidence(step: $0, comparedBits: cleanBits, errors: 0, decision: "accept", lockLosses: 0, restarts: 0) },
                power: [LanePowerEvidence(step: 0, watts: 1e-4), LanePowerEvidence(step: 1, watts: 0.95e-4)], burnIn: nil)
        }
        let gates = [0, 1].map { step in
            GateParameters(
                step: step, celsius: step == 0 ? 25 : 85, pattern: "PRBS31", inverted: false, plan: plan, maximumSeconds: 1200, pollSeconds: 10,
                onSyncLoss: onSyncLoss, acceptanceAtTarget: plan.acceptanceProbability(ber: 1e-12),
                acceptanceAtTenthOfTarget: plan.acceptanceProbability(ber: 1e-13))
        }
        let parameters = VerdictParameters(
            lanes: 416, requiredLanes: 400, lineRateBitsPerSecond: lineRate, decisionRule: rule, coverageFactor: coverage,
            opticalPowerUncertaintyPercent: powerUncertainty, supplyVoltageUncertaintyPercent: 0.02, supplyCurrentUncertaintyPercent: 0.05,
            darkFloorDBm: -60, gates: gates, opticalPower: PowerWindowParameters(minimumDBm: -20, maximumDBm: -7),
            retention: [RetentionParameters(name: "retention at 85 °C vs 25 °C", atStep: 1, referenceStep: 0, minimumFraction: 0.90)],
            energyPerBit: EnergyParameters(maximumPicojoulesPerBit: 2.0, rails: ["dut"]), burnInDrift: nil)
        return VerdictInputs(
            parameters: parameters, evidence: RunEvidence(incomplete: [], calibration: [], dutFailure: nil, steps: steps, lanes: lanes))
    }

    static func criterion(_ assessment: Assessment, _ name: String) throws -> CriterionResult {
        try #require(assessment.criteria.first { $0.name == name })
    }

    static func failLanes(_ inputs: inout VerdictInputs, _ lanes: some Sequence<Int>) {
        for lane in lanes {
            inputs.evidence.lanes[lane].gates[0].errors = 3
            inputs.evidence.lanes[lane].gates[0].decision = "reject"
        }
    }

    @Test func aCleanRunPasses() throws {
        let assessment = VerdictRules.judge(Self.inputs())
        #expect(assessment.verdict == .pass)
        #expect(assessment.criteria.allSatisfy { $0.verdict == .pass })
        #expect(assessment.countedLanes == Array(0..<400))
    }

    @Test(arguments: [(16, Verdict.pass), (17, Verdict.fail)])
    func sparingAtTheNumberOfSpares(failed: Int, expected: Verdict) throws {
        var inputs = Self.inputs()
        Self.failLanes(&inputs, 0..<failed)
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == expected)
        let sparing = try Self.criterion(assessment, "lane sparing")
        #expect(sparing.measured == Double(failed))
        #expect(sparing.limit == 16)
        #expect(sparing.verdict == expected)
        let ber = try Self.criterion(assessment, "BER per lane")
        // With 16 failed lanes all are replaced, so no counted lane fails BER; with 17 one failed lane stays counted.
        #expect(ber.verdict == expected)
        #expect(ber.measured == (expected == .pass ? 0 : 1))
        #expect(assessment.remap.count == 16)
        #expect(assessment.countedLanes.count == 400)
    }

    @Test func aFailedSpareIsNeverCounted() throws {
        var inputs = Self.inputs()
        Self.failLanes(&inputs, [3, 400])
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == .pass)
        #expect(assessment.remap == ["3": 401])
        #expect(!assessment.countedLanes.contains(400))
        #expect(assessment.countedLanes.contains(401))
    }

    @Test func berDecisionIsRecomputedFromTheCountsNotTakenFromTheRecord() throws {
        var inputs = Self.inputs()
        // A record claiming acceptance of a lane with three errors (more than the plan's two) does not stand.
        inputs.evidence.lanes[7].gates[1].errors = 3
        let assessment = VerdictRules.judge(inputs)
        #expect(!assessment.lanes[7].passed)
        #expect(assessment.lanes[7].failures.first?.contains("not accepted") == true)
        // One error at the first look's bits is not enough bits for the second look: rejected at the gate's end.
        inputs = Self.inputs()
        for index in inputs.parameters.gates.indices { inputs.parameters.gates[index].plan = Self.uncapped }
        inputs.evidence.lanes[8].gates[0].errors = 1
        #expect(!VerdictRules.judge(inputs).lanes[8].passed)
        // One error at exactly the second look's bits is accepted; one bit short is not.
        try #require(Self.uncapped.looks.count == 3)
        inputs.evidence.lanes[8].gates[0].comparedBits = Self.uncapped.looks[1].bits
        #expect(VerdictRules.judge(inputs).lanes[8].passed)
        inputs.evidence.lanes[8].gates[0].comparedBits = Self.uncapped.looks[1].bits.nextDown
        #expect(!VerdictRules.judge(inputs).lanes[8].passed)
        // The capped plan has no second look within 1200 s at 4 Gb/s.
        #expect(Self.plan.looks.count == 1)
    }

    @Test(arguments: [("fail", 1, 0, false), ("restart-once", 1, 1, true), ("restart-once", 2, 1, false), ("fail", 0, 0, true)])
    func lockLossesFailALaneUnlessThePolicyForgivesOne(policy: String, losses: Int, restarts: Int, passes: Bool) throws {
        var inputs = Self.inputs(onSyncLoss: policy)
        inputs.evidence.lanes[5].gates[1].lockLosses = losses
        inputs.evidence.lanes[5].gates[1].restarts = restarts
        let lane = VerdictRules.judge(inputs).lanes[5]
        #expect(lane.passed == passes)
        if !passes { #expect(lane.failures.contains { $0.contains("lost lock") }) }
    }

    // MARK: Optical window

    /// Watts for a power of `dBm`.
    static func watts(_ dBm: Double) -> Double { 1e-3 * pow(10, dBm / 10) }

    @Test(arguments: [(-20.0, true), (-20.0001, false), (-7.0, true), (-6.9999, false)])
    func simpleAcceptanceAtTheWindowsEdges(dBm: Double, passes: Bool) throws {
        var inputs = Self.inputs()
        inputs.evidence.lanes[10].power[0].watts = Self.watts(dBm)
        inputs.evidence.lanes[10].power[1].watts = Self.watts(dBm)
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.lanes[10].failures.contains { $0.contains("optical power") } == !passes)
        let window = try Self.criterion(assessment, "optical power per lane")
        #expect(window.verdict == .pass)
        // The failed lane is replaced by a spare, so the worst counted lane is another one: 0.0955 mW.
        if passes {
            #expect(abs((window.measured ?? 0) - dBm) < 1e-9)
        }
    }

    @Test func guardBandNarrowsBothEdgesByKTimesU() throws {
        // U = 10·log10(1.015) = 0.0647 dB; k = 2 → acceptance limits −19.871 and −7.129 dBm.
        let band = 2 * 10 * log10(1.015)
        for (dBm, passes) in [(-20 + band, true), (-20 + band - 1e-6, false), (-7 - band, true), (-7 - band + 1e-6, false)] {
            var inputs = Self.inputs(rule: "guard_band", coverage: 2)
            inputs.evidence.lanes[10].power[0].watts = Self.watts(dBm)
            inputs.evidence.lanes[10].power[1].watts = Self.watts(dBm)
            let lane = VerdictRules.judge(inputs).lanes[10]
            #expect(lane.failures.contains { $0.contains("optical power") } == !passes, "\(dBm) dBm")
        }
    }

    @Test func guardBandWithoutTheMetersUncertaintyCannotDecide() throws {
        let assessment = VerdictRules.judge(Self.inputs(rule: "guard_band", coverage: 1, powerUncertainty: nil))
        #expect(assessment.verdict == .incomplete)
        #expect(assessment.reasons.contains { $0.contains("optical_power_percent") })
    }

    @Test func theWorstCountedLaneIsTheMeasuredValue() throws {
        var inputs = Self.inputs()
        // Both readings low, so retention holds and the lane stays counted.
        inputs.evidence.lanes[42].power[0].watts = Self.watts(-19.5)
        inputs.evidence.lanes[42].power[1].watts = Self.watts(-19.5)
        let window = try Self.criterion(VerdictRules.judge(inputs), "optical power per lane")
        #expect(abs((window.measured ?? 0) - -19.5) < 1e-9)
        #expect(window.limit == -20)
        #expect(window.detail.contains("worst counted lane 42"))
    }

    // MARK: Retention

    @Test(arguments: [(0.90, true), (0.8999, false)])
    func retentionAtItsThreshold(fraction: Double, passes: Bool) throws {
        var inputs = Self.inputs()
        inputs.evidence.lanes[20].power[1].watts = 1e-4 * fraction
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.lanes[20].failures.contains { $0.contains("retention") } == !passes)
        let retention = try Self.criterion(assessment, "retention at 85 °C vs 25 °C")
        if passes { #expect(abs((retention.measured ?? 0) - fraction) < 1e-12) }
    }

    @Test func retentionGuardBandUsesTheUncertaintyOfARatio() throws {
        // u = 1.5 % per reading, √2 for the ratio, k = 1: threshold 0.9 + 0.02121.
        let threshold = 0.90 + 0.015 * 2.0.squareRoot()
        for (fraction, passes) in [(threshold, true), (threshold - 1e-6, false)] {
            var inputs = Self.inputs(rule: "guard_band", coverage: 1)
            inputs.evidence.lanes[20].power[1].watts = 1e-4 * fraction
            let lane = VerdictRules.judge(inputs).lanes[20]
            #expect(lane.failures.contains { $0.contains("retention") } == !passes, "\(fraction)")
        }
    }

    // MARK: Energy per bit

    @Test func energyAtItsLimitAndBeyondTheGuardBand() throws {
        // 2 pJ/bit × 400 × 4 Gb/s = 3.2 W at the limit.
        var inputs = Self.inputs()
        inputs.evidence.steps[1].supplyWatts = 3.2 * (1 - 1e-12)
        var energy = try Self.criterion(VerdictRules.judge(inputs), "energy per bit at 85 °C")
        #expect(energy.verdict == .pass)
        #expect(abs((energy.measured ?? 0) - 2.0) < 1e-9)
        inputs.evidence.steps[1].supplyWatts = 3.2 * (1 + 1e-9)
        energy = try Self.criterion(VerdictRules.judge(inputs), "energy per bit at 85 °C")
        #expect(energy.verdict == .fail)
        // A guard band of k·U with U = √(0.02² + 0.05²) % of the value rejects a value just inside the limit.
        inputs = Self.inputs(rule: "guard_band", coverage: 1)
        inputs.evidence.steps[1].supplyWatts = 3.2 * (1 - 1e-6)
        energy = try Self.criterion(VerdictRules.judge(inputs), "energy per bit at 85 °C")
        #expect(energy.verdict == .fail)
        #expect(VerdictRules.judge(inputs).verdict == .fail)
    }

    // MARK: Burn-in

    /// A burn-in of `points` read points at 85 °C, one every `hours` hours, every lane at 0.1 mW drifting by
    /// `slope` %/1000 h, plus `scatter` of relative noise.
    static func burnIn(points: Int = 73, every hours: Double = 1, slope: Double = 0, scatter: Double = 1e-5) -> VerdictInputs {
        var inputs = Self.inputs()
        inputs.parameters.gates = []
        inputs.parameters.retention = []
        inputs.parameters.energyPerBit = nil
        inputs.parameters.opticalPower = nil
        inputs.parameters.burnInDrift = DriftParameters(warningPercentPer1000Hours: 0.05, criticalPercentPer1000Hours: 0.1, maximumChangePercent: 5)
        inputs.evidence.steps = (0..<points).map { point in
            StepEvidence(
                index: point, name: "read point \(point)", kind: "burn-in-read-point", celsius: 85, complete: true, attempts: 1,
                measuresBER: false, measuresOpticalPower: true, measuresSupplyPower: true, burnInHours: Double(point) * hours,
                window: MeasurementWindow(bandKelvin: 1, samples: 2, dutMinimumCelsius: 85, dutMaximumCelsius: 85, dutMeanCelsius: 85, repeats: 0),
                supplyWatts: 2)
        }
        for lane in inputs.evidence.lanes.indices {
            var series = BurnInPowerSeries()
            for point in 0..<points {
                let hours = Double(point) * hours
                let noise = scatter * sin(Double(point * 7 + lane) * 1.7)
                series.add(hours: hours, watts: 1e-4 * (1 + slope / 100 / 1000 * hours + noise), step: point)
            }
            inputs.evidence.lanes[lane].gates = []
            inputs.evidence.lanes[lane].power = []
            inputs.evidence.lanes[lane].burnIn = BurnInEvidence(series: series, missing: 0, dark: 0, firstDarkStep: nil)
        }
        return inputs
    }

    @Test func driftAtTheWarningAndCriticalLevels() throws {
        // Long enough (1000 h) and quiet enough that the slope's uncertainty is far below the levels.
        let quiet = Self.burnIn(points: 101, every: 10, scatter: 1e-7)
        #expect(VerdictRules.judge(quiet).verdict == .pass)
        var inputs = quiet
        let lane = 33
        var warning = BurnInPowerSeries()
        var critical = BurnInPowerSeries()
        for point in 0..<101 {
            let hours = Double(point) * 10
            warning.add(hours: hours, watts: 1e-4 * (1 - 0.08 / 1e5 * hours), step: point)
            critical.add(hours: hours, watts: 1e-4 * (1 - 0.11 / 1e5 * hours), step: point)
        }
        inputs.evidence.lanes[lane].burnIn?.series = warning
        var assessment = VerdictRules.judge(inputs)
        #expect(assessment.lanes[lane].passed)
        #expect(assessment.lanes[lane].warnings.count == 1)
        inputs.evidence.lanes[lane].burnIn?.series = critical
        assessment = VerdictRules.judge(inputs)
        #expect(!assessment.lanes[lane].passed)
        #expect(assessment.verdict == .pass, "one lane beyond the critical level is replaced by a spare")
        let drift = try Self.criterion(assessment, "burn-in drift")
        #expect(drift.verdict == .pass)
    }

    @Test func aShortBurnInCannotResolveDrift() throws {
        let assessment = VerdictRules.judge(Self.burnIn(points: 7, every: 1.0 / 6, scatter: 1e-3))
        #expect(assessment.verdict == .incomplete)
        #expect(try Self.criterion(assessment, "burn-in drift").verdict == .incomplete)
    }

    @Test(arguments: [(16, Verdict.pass), (17, Verdict.fail)])
    func darkBurnInLanesFailAndCountAgainstTheSpares(dark: Int, expected: Verdict) throws {
        var inputs = Self.burnIn(points: 101, every: 10, scatter: 1e-7)
        for lane in 0..<dark {
            inputs.evidence.lanes[lane].burnIn?.dark = 3
            inputs.evidence.lanes[lane].burnIn?.firstDarkStep = 98
        }
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == expected)
        #expect(try Self.criterion(assessment, "light at every burn-in read point").verdict == expected)
    }

    @Test func anUnmeasuredBurnInLaneLeavesTheRunIncomplete() throws {
        var inputs = Self.burnIn(points: 101, every: 10, scatter: 1e-7)
        inputs.evidence.lanes[12].burnIn?.missing = 1
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == .incomplete)
        #expect(assessment.reasons.contains { $0.contains("without an optical power reading at every burn-in read point") })
    }

    // MARK: Conditions and causes

    @Test func aMeasurementOutsideTheBandIsNoEvidence() throws {
        var inputs = Self.inputs()
        inputs.evidence.steps[1].window?.dutMaximumCelsius = 86.2
        let assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == .incomplete)
        #expect(assessment.reasons.contains { $0.contains("left the soak band") })
    }

    @Test func aDUTFailureIsFailAndAStationFaultIncomplete() throws {
        var inputs = Self.inputs()
        inputs.evidence.steps[1].complete = false
        inputs.evidence.dutFailure = "over-current: the DUT drew 2.5 A"
        var assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == .fail)
        #expect(assessment.reasons == ["DUT failure: over-current: the DUT drew 2.5 A"])
        inputs.evidence.dutFailure = nil
        inputs.evidence.incomplete = ["run incomplete: station fault: the meter did not answer"]
        assessment = VerdictRules.judge(inputs)
        #expect(assessment.verdict == .incomplete)
        inputs.evidence.incomplete = []
        inputs.evidence.calibration = ["calibration: meter certificate X was due 2027-03-01, before the run ended"]
        inputs.evidence.steps[1].complete = true
        Self.failLanes(&inputs, 0..<30)
        #expect(VerdictRules.judge(inputs).verdict == .incomplete, "out-of-calibration evidence proves nothing, not even a failure")
    }

    @Test func theInputsRoundTripThroughJSONAndGiveTheSameAssessment() throws {
        var inputs = Self.inputs()
        Self.failLanes(&inputs, [1, 2, 3])
        let data = try JSONEncoder().encode(inputs)
        let decoded = try JSONDecoder().decode(VerdictInputs.self, from: data)
        #expect(decoded == inputs)
        #expect(VerdictRules.judge(decoded) == VerdictRules.judge(inputs))
    }
}
