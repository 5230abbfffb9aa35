import Foundation
import LinkStatistics
import StationConfiguration
import Testing

@testable import Qualification

/// When a BER gate reads the lanes' counters (``MeasurementRunner/counterReadTimes(plan:gate:lineRate:)``): at
/// every look, at every poll after the first look, sparsely before it, and at the gate's maximum.
@Suite struct CounterReadScheduleTests {
    /// Looks at 1000 and 1050 bits; at 20 b/s and a 0.5 s poll, a poll every 10 bits, so 99 polls come before the
    /// first look.
    static let plan = GatePlan(
        kind: .multiStage, targetBER: 1e-12, confidence: 0.95, maximumErrors: 1, maximumBits: 1200,
        looks: [GateLook(bits: 1000, acceptErrors: 0, spentAlpha: 0.04), GateLook(bits: 1050, acceptErrors: 1, spentAlpha: 0.01)])
    static let lineRate = 20.0

    static func gate(maximumSeconds: Double) -> BERGate {
        BERGate(pattern: .prbs31, inverted: false, targetBER: 1e-12, confidence: 0.95, maximumSeconds: maximumSeconds, pollSeconds: 0.5)
    }

    static func expectTimes(_ times: [Double], _ expected: [Double]) {
        #expect(times.count == expected.count, "\(times)")
        for (time, wanted) in zip(times, expected) {
            #expect(abs(time - wanted) < 1e-9, "\(times)")
        }
    }

    @Test("before the first look only every 30th poll reads; from the first look on every poll and look does, then the maximum")
    func readsSparselyBeforeTheFirstLookAndAtEveryPollAfter() {
        let times = MeasurementRunner.counterReadTimes(plan: Self.plan, gate: Self.gate(maximumSeconds: 60), lineRate: Self.lineRate)
        #expect(MeasurementRunner.pollsPerEarlyCounterRead == 30)
        Self.expectTimes(times, [15.001, 30.001, 45.001, 50.001, 50.501, 51.001, 51.501, 52.001, 52.501, 60])
    }

    @Test("a gate whose maximum comes before its last look stops reading there and reads once more at the maximum")
    func aShortMaximumCutsTheScheduleAndEndsOnIt() {
        let times = MeasurementRunner.counterReadTimes(plan: Self.plan, gate: Self.gate(maximumSeconds: 51.2), lineRate: Self.lineRate)
        Self.expectTimes(times, [15.001, 30.001, 45.001, 50.001, 50.501, 51.001, 51.2])
    }

    @Test("a maximum at the last look reads the look (a millisecond after it) and adds no read of its own")
    func aMaximumAtTheLastLookAddsNoExtraRead() {
        let times = MeasurementRunner.counterReadTimes(plan: Self.plan, gate: Self.gate(maximumSeconds: 52.5), lineRate: Self.lineRate)
        Self.expectTimes(times, [15.001, 30.001, 45.001, 50.001, 50.501, 51.001, 51.501, 52.001, 52.501])
    }

    @Test("the chamber settings check is due the first time, then once the interval has passed since the last due")
    func settingsCheckIsDueOncePerInterval() {
        let check = SettingsCheckTime()
        let start = Date(timeIntervalSince1970: 1_000)
        #expect(check.isDue(at: start, every: 60))
        #expect(!check.isDue(at: start.addingTimeInterval(59), every: 60))
        #expect(check.isDue(at: start.addingTimeInterval(60), every: 60))
        #expect(!check.isDue(at: start.addingTimeInterval(100), every: 60))
        #expect(check.isDue(at: start.addingTimeInterval(121), every: 60))
    }
}
