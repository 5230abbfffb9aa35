import Foundation
import Testing
@testable import LinkStatistics

@Suite struct GatePlanTests {
    /// 4 Gb/s, the cpo-qualification line rate.
    let lineRate = 4e9

    @Test func zeroErrorGateAcceptsExactlyOneMinusConfidenceAtTarget() throws {
        for confidence in [0.9, 0.95, 0.99] {
            let plan = try GatePlan.zeroError(targetBER: 1e-12, confidence: confidence, maximumBits: .infinity)
            #expect(abs(plan.acceptanceProbability(ber: 1e-12) - (1 - confidence)) < 1e-12)
            #expect(abs(plan.looks[0].spentAlpha - (1 - confidence)) < 1e-12)
            #expect(plan.kind == .zeroError && plan.maximumErrors == 0 && plan.looks.count == 1)
        }
        let plan = try GatePlan.zeroError(targetBER: 1e-12, confidence: 0.95, maximumBits: 4.8e12)
        #expect((plan.looks[0].bits / 1e9).rounded() / 1e3 == 2.996)
        #expect((plan.looks[0].bits / lineRate).rounded() == 749)
        #expect(plan.cleanLaneTimeRatio == 1)
    }

    @Test func defaultPlanPutsLookZeroAtMinusLogPoint045() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        #expect(plan.kind == .multiStage)
        #expect(plan.looks.map(\.acceptErrors) == [0, 1, 2])
        #expect(abs(plan.looks[0].bits - -log(0.045) / 1e-12) < 1)
        #expect((plan.looks[0].bits / 1e10).rounded() / 100 == 3.10)
        // 775 s at 4 Gb/s, within 5 % of the zero-error gate's 749 s.
        #expect((plan.looks[0].bits / lineRate).rounded() == 775)
        #expect(plan.cleanLaneTimeRatio > 1.03 && plan.cleanLaneTimeRatio < 1.05)
        #expect(plan.looks[1].bits > plan.looks[0].bits && plan.looks[2].bits > plan.looks[1].bits)
    }

    @Test(arguments: [
        (1e-12, 0.95, 2, [0.9, 0.06, 0.04]),
        (1e-12, 0.95, 3, [0.7, 0.1, 0.1, 0.1]),
        (1e-9, 0.9, 4, [0.5, 0.2, 0.1, 0.1, 0.05]),
        (1e-15, 0.99, 1, [0.95, 0.05]),
    ])
    func everyLookSpendsItsShareOfAlpha(targetBER: Double, confidence: Double, errors: Int, spending: [Double]) throws {
        let plan = try GatePlan.multiStage(
            targetBER: targetBER, confidence: confidence, maximumErrors: errors, spending: spending, maximumBits: .infinity)
        #expect(plan.looks.count == errors + 1)
        let alpha = 1 - confidence
        let reference = GatePlanReference.lookProbabilities(
            looks: plan.looks.map { ($0.bits, $0.acceptErrors) }, maximumErrors: plan.maximumErrors, ber: targetBER)
        for (index, look) in plan.looks.enumerated() {
            #expect(abs(look.spentAlpha / (alpha * spending[index]) - 1) < 1e-9)
            #expect(abs(reference[index] / (alpha * spending[index]) - 1) < 1e-9)
            #expect(look.spentAlpha <= alpha * spending[index] * (1 + 1e-12))
        }
        #expect(plan.acceptanceProbability(ber: targetBER) <= alpha * (1 + 1e-12))
        #expect(abs(plan.acceptanceProbability(ber: targetBER) - alpha * spending.reduce(0, +)) < 1e-10 * alpha)
    }

    @Test func dynamicProgramMatchesPathSummationAtOtherRates() throws {
        let plan = try GatePlan.multiStage(
            targetBER: 1e-12, confidence: 0.95, maximumErrors: 3, spending: [0.7, 0.1, 0.1, 0.1], maximumBits: .infinity)
        for ber in [1e-14, 1e-13, 3e-13, 1e-12, 2e-12, 1e-11] {
            let reference = GatePlanReference.lookProbabilities(
                looks: plan.looks.map { ($0.bits, $0.acceptErrors) }, maximumErrors: 3, ber: ber)
            for (dp, direct) in zip(plan.lookAcceptanceProbabilities(ber: ber), reference) {
                #expect(abs(dp - direct) <= 1e-13 + 1e-11 * direct)
            }
        }
    }

    @Test(arguments: [3.2e12, 4.8e12, 7e12, 8e12, 9.5e12, 2.4e13, Double.infinity])
    func totalSpendingStaysWithinAlphaForEveryCap(maximumBits: Double) throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: maximumBits)
        #expect(plan.acceptanceProbability(ber: 1e-12) <= 0.05 * (1 + 1e-12))
        #expect(plan.looks.allSatisfy { $0.bits <= maximumBits })
        #expect(plan.maximumErrors == plan.looks.last?.acceptErrors)
        #expect(plan.looks[0].spentAlpha > 0.045 * (1 - 1e-12))
    }

    @Test func capAtTwelveHundredSecondsKeepsOnlyLookZero() throws {
        // Look 1 would need about 6.9e12 bits (1735 s at 4 Gb/s): a 1200 s gate drops it and fails any error.
        let capped = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 1200 * lineRate)
        #expect(capped.looks.count == 1 && capped.maximumErrors == 0)
        let full = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        #expect(full.looks[1].bits > 1200 * lineRate)
        #expect(full.looks[2].bits < 6000 * lineRate)
        let long = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 6000 * lineRate)
        #expect(long.looks == full.looks)
    }

    @Test func acceptanceFallsAsTheBERRises() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        var previous = plan.acceptanceProbability(ber: 0)
        #expect(previous == 1)
        for exponent in stride(from: -16.0, through: -10.5, by: 0.25) {
            let value = plan.acceptanceProbability(ber: pow(10, exponent))
            #expect(value < previous)
            #expect(value >= 0 && value <= 1)
            previous = value
        }
        #expect(plan.acceptanceProbability(ber: 1e-3) == 0)
        #expect(plan.rejectionProbability(ber: 1e-12) > 0.95 - 1e-12)
    }

    @Test func goodLanesPassFarMoreOftenThanLanesAtTheTarget() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 6000 * lineRate)
        let atTarget = plan.acceptanceProbability(ber: 1e-12)
        let atTenth = plan.acceptanceProbability(ber: 1e-13)
        #expect(atTarget <= 0.05 + 1e-15)
        #expect(atTenth > 0.75)
        // A tenth of the target BER passes at least as often as under the zero-error gate (e^(-0.2996) = 0.741).
        let zero = try GatePlan.zeroError(targetBER: 1e-12, confidence: 0.95, maximumBits: 6000 * lineRate)
        #expect(atTenth > zero.acceptanceProbability(ber: 1e-13))
    }

    @Test func unreachableShareIsSpentAtThePreviousLook() throws {
        // Look 0 at −ln(0.0005) leaves only λ0·e^(−λ0) ≈ 0.0038 of mass with one error, less than 0.05·0.99.
        let plan = try GatePlan.multiStage(
            targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, spending: [0.01, 0.99], maximumBits: .infinity)
        #expect(plan.looks.count == 2)
        #expect(plan.looks[1].bits == plan.looks[0].bits)
        let lambda = -log(0.0005)
        #expect(abs(plan.looks[1].spentAlpha - lambda * 0.0005) < 1e-15)
        #expect(plan.decide(comparedBits: plan.looks[0].bits, errors: 1, finished: false) == .accept(look: 1))
        #expect(plan.acceptanceProbability(ber: 1e-12) < 0.05)
        // A share of 0 drops the look.
        let skipping = try GatePlan.multiStage(
            targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, spending: [0.9, 0, 0.1], maximumBits: .infinity)
        #expect(skipping.looks.map(\.acceptErrors) == [0, 2])
        #expect(abs(skipping.looks[1].spentAlpha / 0.005 - 1) < 1e-9)
    }

    @Test func pollScheduleHoldsEveryLookAndEveryPoll() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        let poll = 10 * lineRate
        let schedule = plan.pollSchedule(pollBits: poll)
        #expect(schedule == schedule.sorted() && Set(schedule).count == schedule.count)
        #expect(plan.looks.allSatisfy { schedule.contains($0.bits) })
        #expect(schedule.last == plan.looks.last?.bits)
        #expect(schedule.first == poll)
        let multiples = schedule.filter { !plan.looks.map(\.bits).contains($0) }
        #expect(multiples.count == Int((plan.looks[2].bits / poll).rounded(.down)))
        #expect(multiples.allSatisfy { ($0 / poll).rounded() * poll == $0 })
        #expect(plan.pollSchedule(pollBits: 0) == plan.looks.map(\.bits))
        // A poll landing exactly on a look is listed once.
        #expect(plan.pollSchedule(pollBits: plan.looks[0].bits).filter { $0 == plan.looks[0].bits }.count == 1)
    }

    @Test func describeStatesLooksAndTotals() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 6000 * lineRate)
        let lines = plan.describe(lineRate: lineRate)
        #expect(lines.count == 1 + 3 + 3)
        #expect(lines[0].hasPrefix("multi-stage gate: BER < 1e-12 at 95 % confidence"))
        #expect(lines[1].hasPrefix("look 0: 3.101e+12 bits (775.3 s at 4 Gb/s), accept with ≤ 0 errors"))
        #expect(lines[1].hasSuffix("P(accept at target) 0.045000"))
        #expect(lines[2].contains("accept with ≤ 1 errors, P(accept at target) 0.003000"))
        #expect(lines[4].contains("0.050000"))
        #expect(lines[6].contains("1.0352 × the zero-error gate's 748.9 s"))
    }

    @Test func codableFormUsesPlainKeysAndTheKindNames() throws {
        let plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        let encoder = JSONEncoder()
        encoder.nonConformingFloatEncodingStrategy = .convertToString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data = try encoder.encode(plan)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(Set(object.keys) == ["kind", "targetBER", "confidence", "maximumErrors", "maximumBits", "looks"])
        #expect(object["kind"] as? String == "multi-stage")
        let looks = try #require(object["looks"] as? [[String: Any]])
        #expect(Set(looks[0].keys) == ["bits", "acceptErrors", "spentAlpha"])
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(
            positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        #expect(try decoder.decode(GatePlan.self, from: data) == plan)
    }

    @Test func unusableInputsThrowMessagesATechnicianCanActOn() {
        #expect(throws: GatePlanError.invalidConfidence(95)) {
            try GatePlan.zeroError(targetBER: 1e-12, confidence: 95, maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.invalidTargetBER(0)) {
            try GatePlan.standard(targetBER: 0, confidence: 0.95, maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.invalidMaximumBits(0)) {
            try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 0)
        }
        #expect(throws: GatePlanError.invalidMaximumErrors(51)) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 51, spending: [Double](repeating: 0.01, count: 52),
                maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.invalidMaximumErrors(-1)) {
            try GatePlan.multiStage(targetBER: 1e-12, confidence: 0.95, maximumErrors: -1, spending: [], maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.spendingCount(given: 2, expected: 3)) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, spending: [0.9, 0.1], maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.spendingExceedsOne(sum: 1.1)) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, spending: [0.9, 0.2], maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.invalidSpendingFraction(index: 1, value: -0.1)) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, spending: [0.9, -0.1], maximumBits: .infinity)
        }
        #expect(throws: GatePlanError.firstLookSpendsNothing) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, spending: [0, 1], maximumBits: .infinity)
        }
        // Spending a hair over 1 from rounding is accepted.
        #expect(throws: Never.self) {
            try GatePlan.multiStage(
                targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, spending: [0.7, 0.2, 0.1 + 1e-13],
                maximumBits: .infinity)
        }
        do {
            // quick-check: 60 s at 4 Gb/s is plenty for 1e-9, not for 1e-12.
            _ = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: 60 * lineRate)
            Issue.record("a first look beyond the gate maximum must throw")
        } catch {
            guard case .firstLookBeyondMaximum(let needed, let maximum) = error else {
                Issue.record("unexpected \(error)")
                return
            }
            #expect(abs(needed - -log(0.045) / 1e-12) < 1 && maximum == 2.4e11)
            #expect(error.description.contains("raise max_seconds to at least 12.921 times its value"))
            #expect(error.description(lineRate: lineRate).contains("775.3 s of counting at 4 Gb/s"))
            #expect(error.description(lineRate: lineRate).contains("max_seconds is 60.0 s: raise max_seconds to at least 776 s"))
        }
        #expect(GatePlanError.spendingCount(given: 2, expected: 3).description.contains("one fraction per look"))
        #expect(GatePlanError.firstLookSpendsNothing.description(lineRate: lineRate) == GatePlanError.firstLookSpendsNothing.description)
        #expect(GatePlanError.invalidMaximumErrors(60).description.contains("0 to 50"))
    }
}
