import Foundation
import Testing
@testable import LinkStatistics

@Suite struct GateDecisionTests {
    let plan: GatePlan

    init() throws {
        plan = try GatePlan.standard(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
    }

    @Test func acceptsExactlyAtALooksBitsWithItsThreshold() {
        let look0 = plan.looks[0].bits
        let look1 = plan.looks[1].bits
        #expect(plan.decide(comparedBits: look0, errors: 0, finished: false) == .accept(look: 0))
        #expect(plan.decide(comparedBits: look0.nextDown, errors: 0, finished: false) == .undecided)
        #expect(plan.decide(comparedBits: look0, errors: 1, finished: false) == .undecided)
        #expect(plan.decide(comparedBits: look1, errors: 1, finished: false) == .accept(look: 1))
        #expect(plan.decide(comparedBits: look1.nextDown, errors: 1, finished: false) == .undecided)
        // Between looks, the last look passed applies.
        #expect(plan.decide(comparedBits: 0.5 * (look0 + look1), errors: 0, finished: false) == .accept(look: 0))
        #expect(plan.decide(comparedBits: plan.looks[2].bits, errors: 2, finished: false) == .accept(look: 2))
    }

    @Test func oneErrorMoreThanTheMaximumRejectsAtOnce() {
        #expect(plan.decide(comparedBits: 1, errors: 3, finished: false)
            == .reject(.tooManyErrors(errors: 3, maximumErrors: 2)))
        #expect(plan.decide(comparedBits: 1, errors: 2, finished: false) == .undecided)
        let zero = try? GatePlan.zeroError(targetBER: 1e-12, confidence: 0.95, maximumBits: .infinity)
        #expect(zero?.decide(comparedBits: 1e9, errors: 1, finished: false)
            == .reject(.tooManyErrors(errors: 1, maximumErrors: 0)))
    }

    @Test func pastTheFinalLookWithoutPassingRejects() {
        let last = plan.looks[2].bits
        #expect(plan.decide(comparedBits: last, errors: 2, finished: false) == .accept(look: 2))
        let capped = GatePlan(
            kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, maximumBits: .infinity,
            looks: [GateLook(bits: 3e12, acceptErrors: 0, spentAlpha: 0), GateLook(bits: 5e12, acceptErrors: 1, spentAlpha: 0)])
        #expect(capped.decide(comparedBits: 6e12, errors: 2, finished: false)
            == .reject(.notAcceptedAtFinalLook(errors: 2, acceptErrors: 1)))
        #expect(capped.decide(comparedBits: 3e12, errors: 2, finished: false)
            == .reject(.noLookCanAccept(errors: 2)))
        #expect(capped.decide(comparedBits: 1e12, errors: 2, finished: false)
            == .reject(.noLookCanAccept(errors: 2)))
        let exact = GatePlan(
            kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, maximumBits: .infinity,
            looks: capped.looks)
        #expect(exact.decide(comparedBits: 5e12, errors: 1, finished: false) == .accept(look: 1))
        #expect(exact.decide(comparedBits: 3e12, errors: 1, finished: false) == .undecided)
        let notAccepted = GatePlan(
            kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 2, maximumBits: .infinity,
            looks: [GateLook(bits: 3e12, acceptErrors: 0, spentAlpha: 0), GateLook(bits: 5e12, acceptErrors: 2, spentAlpha: 0)])
        #expect(notAccepted.decide(comparedBits: 5e12, errors: 2, finished: false) == .accept(look: 1))
        #expect(notAccepted.decide(comparedBits: 5e12, errors: 3, finished: false)
            == .reject(.tooManyErrors(errors: 3, maximumErrors: 2)))
        let strict = GatePlan(
            kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 3, maximumBits: .infinity,
            looks: notAccepted.looks)
        #expect(strict.decide(comparedBits: 5e12, errors: 3, finished: false)
            == .reject(.notAcceptedAtFinalLook(errors: 3, acceptErrors: 2)))
    }

    @Test func theGateMaximumEndsUndecidedLanes() {
        let look0 = plan.looks[0].bits
        #expect(plan.decide(comparedBits: look0 - 1e9, errors: 0, finished: true)
            == .reject(.gateEnded(comparedBits: look0 - 1e9, errors: 0)))
        #expect(plan.decide(comparedBits: look0, errors: 1, finished: true)
            == .reject(.gateEnded(comparedBits: look0, errors: 1)))
        // A lane that meets a look at the final reading still passes.
        #expect(plan.decide(comparedBits: look0, errors: 0, finished: true) == .accept(look: 0))
        #expect(plan.decide(comparedBits: 1, errors: 3, finished: true).isDecided)
        #expect(!plan.decide(comparedBits: 1, errors: 0, finished: false).isDecided)
        let empty = GatePlan(kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 0, maximumBits: 1, looks: [])
        #expect(empty.decide(comparedBits: 1, errors: 0, finished: false) == .reject(.noLookCanAccept(errors: 0)))
    }

    /// Accepting at a coarse reading is a sub-event of accepting at the exact looks: on the same error arrivals,
    /// any poll interval (with or without the looks) never accepts a lane the exact schedule rejects.
    @Test func coarsePollsNeverAcceptALaneTheExactLooksReject() {
        var random = GatePlanReference.SplitMix(state: 20_261_206)
        let exactPoints = plan.looks.map(\.bits)
        var exactAccepted = 0
        var coarseAccepted = 0
        for _ in 0..<4000 {
            let ber = [3e-13, 1e-12, 2e-12].randomElement(using: &random) ?? 1e-12
            let arrivals = random.arrivals(ber: ber, count: 4)
            let exact = GatePlanReference.outcome(plan: plan, arrivals: arrivals, points: exactPoints)
            if case .accept = exact { exactAccepted += 1 }
            for pollBits in [1e11, 4e11, 1.3e12, 5e12] {
                let plain = stride(from: pollBits, through: 1.2e13, by: pollBits).map { $0 }
                let scheduled = plan.pollSchedule(pollBits: pollBits)
                for points in [plain, scheduled] {
                    let coarse = GatePlanReference.outcome(plan: plan, arrivals: arrivals, points: points)
                    if case .accept = coarse {
                        coarseAccepted += 1
                        guard case .accept = exact else {
                            Issue.record("accepted at polls \(pollBits) but not at the looks: \(arrivals)")
                            return
                        }
                    }
                    if points == scheduled {
                        // Reading at every look gives the exact outcome.
                        #expect(coarse.isAccept == exact.isAccept)
                    }
                }
            }
        }
        #expect(exactAccepted > 100 && coarseAccepted > 100)
    }
}

extension GateDecision {
    /// Whether this is an acceptance, whichever look.
    fileprivate var isAccept: Bool {
        if case .accept = self { return true }
        return false
    }
}
