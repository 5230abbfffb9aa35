import Foundation
import Qualification
import StationClock
import Synchronization
import Testing

/// Turns at a shared instrument on the virtual clock: a socket waiting for its turn never stops time.
@Suite struct InstrumentTurnsTests {
    struct GateFailed: Error {}

    /// Wall time after which a test counts as hung: long, because at the start of the whole suite on a 2-core
    /// machine these tasks wait tens of seconds for a thread before the first instruction (they take milliseconds).
    static let hangLimit = Duration.seconds(300)

    /// Runs `operation` in a task of its own and waits for it up to `limit` of wall time; nil when it did not end
    /// (a hang: the task is left behind, the test fails instead of hanging).
    static func within<T: Sendable>(_ limit: Duration, _ operation: @escaping @Sendable () async -> T) async -> T? {
        let result = Mutex<T?>(nil)
        let task = Task { let value = await operation(); result.withLock { $0 = value } }
        let deadline = ContinuousClock.now + limit
        while ContinuousClock.now < deadline {
            if let value = result.withLock({ $0 }) { return value }
            try? await Task.sleep(for: .milliseconds(20))
        }
        task.cancel()
        return result.withLock { $0 }
    }

    @Test("a measurement that throws while its side task waits for a turn held across a clock sleep does not stop time")
    func throwingWhileTheSideTaskWaitsForATurn() async throws {
        let outcome = await Self.within(Self.hangLimit) { () -> (error: Bool, elapsed: Double) in
            let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
            let turns = InstrumentTurns(clock: clock)
            // Another socket's scan holds the turn across a 10 s settle on the clock.
            let (held, holding) = AsyncStream.makeStream(of: Void.self)
            clock.join()
            let holder = Task {
                defer { clock.leave() }
                try await turns.withTurn {
                    holding.yield()
                    try await clock.sleep(seconds: 10)
                }
            }
            for await _ in held { break }
            // This socket's scan queues for the turn while its gate fails (a DUT failure): the scan is cancelled and
            // waited for, which needs the holder's settle to pass on the clock.
            var failed = false
            do {
                _ = try await clock.withSideTask({ try await turns.withTurn { 1 } }) { () async throws -> Int in
                    throw GateFailed()
                }
            } catch is GateFailed {
                failed = true
            } catch {}
            _ = await holder.result
            return (failed, clock.elapsedSeconds)
        }
        let result = try #require(outcome, "the clock stopped: the task waiting for its cancelled side task still counted as running")
        #expect(result.error)
        #expect(result.elapsed == 10)
    }

    @Test("the side task's result comes back with the main task's, and time waits for both")
    func sideAndMainResults() async throws {
        let outcome = await Self.within(Self.hangLimit) { () -> (main: Double, side: Double, elapsed: Double)? in
            let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
            let results = try? await clock.withSideTask({ () async throws -> Double in
                try await clock.sleep(seconds: 5)
                return clock.elapsedSeconds
            }) { () async throws -> Double in
                try await clock.sleep(seconds: 3)
                return clock.elapsedSeconds
            }
            return results.map { ($0.0, $0.1, clock.elapsedSeconds) }
        }
        let finished = try #require(outcome, "the clock stopped")
        let result = try #require(finished, "a sleep on the clock threw")
        #expect(result.main == 3)
        #expect(result.side == 5)
        #expect(result.elapsed == 5)
    }

    @Test("in socket order, sockets asking at the same instant get their turns by socket index, however they were scheduled",
          arguments: [[3, 1, 0, 2], [0, 1, 2, 3], [2, 3, 1, 0]])
    func socketOrder(arrival: [Int]) async throws {
        let outcome = await Self.within(Self.hangLimit) { () -> (order: [Int], elapsed: Double) in
            let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
            let turns = InstrumentTurns(clock: clock, order: .socketOrder)
            // Each socket's station time when its turn came.
            let served = await withTaskGroup(of: (socket: Int, at: Double).self) { group in
                for (rank, socket) in arrival.enumerated() {
                    clock.join()
                    group.addTask {
                        defer { clock.leave() }
                        // Wall time only: the sockets reach the turns in `arrival` order at the same station instant.
                        try? await Task.sleep(for: .milliseconds(40 * rank))
                        let at = try? await InstrumentTurns.$priority.withValue(socket) {
                            try await turns.withTurn {
                                let at = clock.elapsedSeconds
                                try await clock.sleep(seconds: 1)
                                return at
                            }
                        }
                        return (socket, at ?? -1)
                    }
                }
                clock.leave()
                var served: [(socket: Int, at: Double)] = []
                for await turn in group { served.append(turn) }
                clock.join()
                return served
            }
            return (served.sorted { $0.at < $1.at }.map(\.socket), clock.elapsedSeconds)
        }
        let result = try #require(outcome, "the clock stopped")
        #expect(result.order == [0, 1, 2, 3])
        #expect(result.elapsed == 4)
    }

    @Test("in socket order too, a measurement that throws while its side task waits for a held turn does not stop time")
    func throwingInSocketOrder() async throws {
        let outcome = await Self.within(Self.hangLimit) { () -> (error: Bool, elapsed: Double) in
            let clock = VirtualClock(epoch: Date(timeIntervalSince1970: 0))
            let turns = InstrumentTurns(clock: clock, order: .socketOrder)
            clock.join()
            let holder = Task {
                defer { clock.leave() }
                try await InstrumentTurns.$priority.withValue(0) {
                    try await turns.withTurn { try await clock.sleep(seconds: 10) }
                }
            }
            // One second in, the holder is asleep in its turn; this socket's side task queues behind it and its gate fails.
            try? await clock.sleep(seconds: 1)
            var failed = false
            do {
                _ = try await InstrumentTurns.$priority.withValue(1) {
                    try await clock.withSideTask({ try await turns.withTurn { 1 } }) { () async throws -> Int in
                        throw GateFailed()
                    }
                }
            } catch is GateFailed {
                failed = true
            } catch {}
            clock.leave()
            _ = await holder.result
            clock.join()
            return (failed, clock.elapsedSeconds)
        }
        let result = try #require(outcome, "the clock stopped")
        #expect(result.error)
        #expect(result.elapsed == 10)
    }
}
