import Foundation
import Qualification
import StationConfiguration
import Testing

/// The progress line's ETA: each step's ramp at the station's fastest rate, its stability window and its shortest
/// conclusive gate.
@Suite struct PlanDurationEstimateTests {
    @Test func aStepIsRampPlusStabilityPlusTheShortestConclusiveGate() throws {
        let (profile, station) = try PlanTests.load()
        let estimate = PlanDurationEstimate(plan: Plan(profile: profile, station: station))
        // 25 °C from ambient: no ramp, 120 s stability; the default multi-stage plan accepts a clean lane at
        // −ln(0.9 × 0.05)/1e-12 = 3.101e12 bits, 775.3 s at 4 Gb/s.
        #expect(abs(estimate.stepSeconds[0] - (120 + 775.27)) < 1)
        // 25 → -40 °C at 10 K/min is 390 s of ramp.
        #expect(abs(estimate.stepSeconds[1] - (390 + 120 + 775.27)) < 1)
        #expect(estimate.stepSeconds.count == 8)
        // 0 → 55 °C warms through the 12 °C dew point: the condensation guard's 2 K/min, 1,650 s of ramp.
        #expect(abs(estimate.stepSeconds[3] - (1650 + 120 + 775.27)) < 1)
    }

    @Test func theRemainingTimeShrinksAsTheRunProgresses() throws {
        let (profile, station) = try PlanTests.load()
        let estimate = PlanDurationEstimate(plan: Plan(profile: profile, station: station))
        let total = estimate.stepSeconds.reduce(0, +)
        #expect(estimate.remainingSeconds(inStep: 0, elapsed: 0) == total)
        #expect(estimate.remainingSeconds(inStep: 0, elapsed: 100) == total - 100)
        #expect(estimate.remainingSeconds(inStep: 7, elapsed: 1e6) == 0)
        #expect(estimate.remainingSeconds(inStep: 3, elapsed: 0) < estimate.remainingSeconds(inStep: 2, elapsed: 0))
    }
}
