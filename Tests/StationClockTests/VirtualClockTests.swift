import Foundation
import StationClock
import Testing

@Suite struct VirtualClockTests {
    @Test func aLoneSleeperJumpsStraightToItsDeadline() async throws {
        let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
        let wallStart = ContinuousClock.now
        try await clock.sleep(seconds: 12 * 3600)
        #expect(clock.elapsedSeconds == 12 * 3600)
        #expect(ContinuousClock.now - wallStart < .seconds(5))
    }

    @Test func aPacedClockJumpsTheSameButWaitsItsShareOfWallTime() async throws {
        let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0), pace: 100)
        let wallStart = ContinuousClock.now
        try await clock.sleep(seconds: 30)
        try await clock.sleep(seconds: 20)
        #expect(clock.elapsedSeconds == 50)
        // 50 simulated seconds at 100 per wall-clock second: at least half a second has passed (a lower bound only).
        #expect(ContinuousClock.now - wallStart >= .milliseconds(500))
    }

    @Test func timeWaitsForABusyParticipant() async throws {
        let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
        clock.join()
        async let worker: Double = {
            defer { clock.leave() }
            // Busy (not sleeping on the clock) for a moment of real time: virtual time must not move.
            try? await Task.sleep(for: .milliseconds(50))
            let seen = clock.elapsedSeconds
            try? await clock.sleep(seconds: 5)
            return seen
        }()
        try await clock.sleep(seconds: 100)
        let seenByWorker = await worker
        #expect(seenByWorker == 0)
        #expect(clock.elapsedSeconds == 100)
    }

    @Test func sleepersWakeInDeadlineOrder() async throws {
        let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
        clock.join()
        clock.join()
        async let first: Double = {
            defer { clock.leave() }
            try? await clock.sleep(seconds: 30)
            return clock.elapsedSeconds
        }()
        async let second: Double = {
            defer { clock.leave() }
            try? await clock.sleep(seconds: 10)
            return clock.elapsedSeconds
        }()
        try await clock.sleep(seconds: 60)
        #expect(await second == 10)
        #expect(await first == 30)
        #expect(clock.elapsedSeconds == 60)
    }

    @Test func cancellationEndsASleepWithoutAdvancingTime() async throws {
        let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0), participants: 2)
        let task = Task {
            try await clock.sleep(seconds: 1000)
        }
        try await Task.sleep(for: .milliseconds(20))
        task.cancel()
        await #expect(throws: CancellationError.self) { try await task.value }
        #expect(clock.elapsedSeconds == 0)
    }
}
