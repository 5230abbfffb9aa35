import Foundation
import Testing
@testable import LinkStatistics

/// The rule the BER gate used before gate plans: accept k errors as soon as the fixed-sample χ² bits for k errors
/// are reached. Built as a plan with looks at those bits, the dynamic program reproduces qualification.md §3a.
@Suite struct OldGateRuleTests {
    /// The old rule as a plan: looks at χ²_CL(2(k+1))/(2·BER) for k = 0…`errors`, those beyond the cap dropped.
    static func oldRule(confidence: Double, errors: Int, maximumBits: Double) throws -> GatePlan {
        let looks = try (0...errors).map { k in
            GateLook(
                bits: try BERStatistics.requiredBits(errors: k, confidence: confidence, targetBER: 1e-12),
                acceptErrors: k, spentAlpha: 0)
        }.filter { $0.bits <= maximumBits }
        var plan = GatePlan(
            kind: .multiStage, targetBER: 1e-12, confidence: confidence, maximumErrors: looks.last?.acceptErrors ?? 0,
            maximumBits: maximumBits, looks: looks)
        for (index, spent) in plan.lookAcceptanceProbabilities(ber: 1e-12).enumerated() {
            plan.looks[index].spentAlpha = spent
        }
        return plan
    }

    @Test func cappedAtTwelveHundredSecondsItAcceptsSevenPointSixPercent() throws {
        let plan = try Self.oldRule(confidence: 0.95, errors: 60, maximumBits: 1200 * 4e9)
        #expect(plan.looks.count == 2)
        let p = plan.acceptanceProbability(ber: 1e-12)
        // 0.05 + λ0·e^(−λ1): one error by look 0, none more until look 1.
        let closedForm = 0.05 + plan.looks[0].bits * 1e-12 * exp(-plan.looks[1].bits * 1e-12)
        #expect(abs(p - closedForm) < 1e-14)
        #expect(abs(p - 0.076) < 0.001)
    }

    /// "No cap" in §3a counts up to 60 errors (61 looks); the figure keeps creeping up with more looks, towards 1
    /// (law of the iterated logarithm), so the old rule had no fixed false-acceptance rate at all.
    @Test func uncappedItAcceptsAQuarterOfLanesAtTheTarget() throws {
        let plan = try Self.oldRule(confidence: 0.95, errors: 60, maximumBits: .infinity)
        let p = plan.acceptanceProbability(ber: 1e-12)
        #expect(abs(p - 0.258) < 0.002)
        let longer = try Self.oldRule(confidence: 0.95, errors: 100, maximumBits: .infinity)
        #expect(longer.acceptanceProbability(ber: 1e-12) > p + 0.02)
        let higher96 = try Self.oldRule(confidence: 0.96, errors: 60, maximumBits: .infinity)
        #expect(abs(higher96.acceptanceProbability(ber: 1e-12) - 0.218) < 0.002)
        let higher97 = try Self.oldRule(confidence: 0.97, errors: 60, maximumBits: .infinity)
        #expect(abs(higher97.acceptanceProbability(ber: 1e-12) - 0.175) < 0.002)
    }

    @Test func smallOldRuleMatchesPathSummation() throws {
        let plan = try Self.oldRule(confidence: 0.95, errors: 4, maximumBits: .infinity)
        let reference = GatePlanReference.lookProbabilities(
            looks: plan.looks.map { ($0.bits, $0.acceptErrors) }, maximumErrors: 4, ber: 1e-12)
        for (dp, direct) in zip(plan.lookAcceptanceProbabilities(ber: 1e-12), reference) {
            #expect(abs(dp - direct) < 1e-14)
        }
        #expect(plan.acceptanceProbability(ber: 1e-12) > 0.1)
    }
}
