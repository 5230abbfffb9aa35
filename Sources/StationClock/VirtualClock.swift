import Foundation
import Synchronization

/// Simulated time that jumps to the next deadline as soon as every participating task is waiting on it.
///
/// A *participant* is a task whose progress the clock must wait for: while any participant is running (doing
/// I/O with a simulated instrument, computing), time stands still; when all of them are asleep on this clock,
/// time jumps to the earliest deadline and wakes the tasks due then. The task that creates the clock is the
/// first participant; tasks started to run concurrently are registered with ``join()`` before they start and ``leave()`` when they end.
///
/// Simulators read ``now`` from their own threads to compute the physical state at the current instant.
///
/// A *paced* clock (``init(epoch:participants:pace:)`` with a pace) still jumps, but wakes the tasks due only after
/// the jump's length divided by the pace has passed on the wall clock: at pace 20 a 60 s soak takes 3 s. Demos and
/// the console's browser tests use it to watch a simulated run live; a run's readings are the same at any pace.
public final class VirtualClock: StationClock {
    private struct Sleeper {
        var deadline: Double
        var order: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var offset: Double = 0
        var sleepers: [UInt64: Sleeper] = [:]
        var nextOrder: UInt64 = 0
        var running: Int
        var cancelled: Set<UInt64> = []
    }

    private let epoch: Date
    private let state: Mutex<State>
    /// Simulated seconds per wall-clock second, or nil to jump at once.
    private let pace: Double?

    /// Creates a virtual clock that starts at `epoch` with `participants` running tasks (usually one).
    ///
    /// - Parameter pace: simulated seconds per wall-clock second (must be positive), or nil (the default) to jump
    ///   to the next deadline at once.
    public init(epoch: Date, participants: Int = 1, pace: Double? = nil) {
        self.epoch = epoch
        self.state = Mutex(State(running: participants))
        self.pace = pace.flatMap { $0 > 0 && $0.isFinite ? $0 : nil }
    }

    public var isVirtual: Bool { true }

    public var now: Date { epoch.addingTimeInterval(elapsedSeconds) }

    /// Seconds of simulated time since the clock's epoch.
    public var elapsedSeconds: Double { state.withLock { $0.offset } }

    /// The instant the clock started.
    public var start: Date { epoch }

    public func sleep(until deadline: Date) async throws {
        try await wait(until: deadline.timeIntervalSince(epoch), idle: false)
    }

    /// Waits, as a sleeper due now, until no participant runs; time does not move for it.
    public func untilIdle() async throws {
        try await wait(until: nil, idle: true)
    }

    /// Sleeps until `target` seconds after the epoch, or (`idle`) until nothing else runs at the current instant.
    private func wait(until target: Double?, idle: Bool) async throws {
        try Task.checkCancellation()
        let registration: (order: UInt64, target: Double)? = state.withLock { state in
            let target = target ?? state.offset
            guard idle || target > state.offset else { return nil }
            state.nextOrder += 1
            return (state.nextOrder, target)
        }
        guard let (order, target) = registration else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: (cancelled: Bool, wake: Wake) = state.withLock { state in
                    if state.cancelled.remove(order) != nil { return (true, Wake()) }
                    state.sleepers[order] = Sleeper(deadline: target, order: order, continuation: continuation)
                    state.running -= 1
                    return (false, Self.advanceIfIdle(&state))
                }
                if outcome.cancelled {
                    continuation.resume(throwing: CancellationError())
                }
                resume(outcome.wake)
            }
        } onCancel: {
            let cancelled: CheckedContinuation<Void, any Error>? = state.withLock { state in
                guard let sleeper = state.sleepers.removeValue(forKey: order) else {
                    state.cancelled.insert(order)
                    return nil
                }
                state.running += 1
                return sleeper.continuation
            }
            cancelled?.resume(throwing: CancellationError())
        }
    }

    /// Registers one more participant: time will not advance while it runs.
    public func join() {
        state.withLock { $0.running += 1 }
    }

    /// Declares that one participant stopped for good (its task finished).
    public func leave() {
        let wake = state.withLock { state -> Wake in
            state.running -= 1
            return Self.advanceIfIdle(&state)
        }
        resume(wake)
    }

    /// The sleepers a jump woke and how far it jumped.
    private struct Wake {
        var continuations: [CheckedContinuation<Void, any Error>] = []
        var jumpSeconds: Double = 0
    }

    /// Resumes the woken sleepers: at once, or on a paced clock after the jump's share of wall-clock time.
    private func resume(_ wake: Wake) {
        guard !wake.continuations.isEmpty else { return }
        guard let pace, wake.jumpSeconds > 0 else {
            for waiter in wake.continuations { waiter.resume() }
            return
        }
        let continuations = wake.continuations
        DispatchQueue.global().asyncAfter(deadline: .now() + wake.jumpSeconds / pace) {
            for waiter in continuations { waiter.resume() }
        }
    }

    /// When nothing runs, jumps to the earliest deadline and returns the sleepers due then (already counted as running).
    private static func advanceIfIdle(_ state: inout State) -> Wake {
        guard state.running <= 0, let earliest = state.sleepers.values.min(by: Self.isEarlier) else { return Wake() }
        let before = state.offset
        state.offset = max(state.offset, earliest.deadline)
        let due = state.sleepers.values.filter { $0.deadline <= state.offset }.sorted(by: Self.isEarlier)
        for sleeper in due { state.sleepers.removeValue(forKey: sleeper.order) }
        state.running += due.count
        return Wake(continuations: due.map(\.continuation), jumpSeconds: state.offset - before)
    }

    private static func isEarlier(_ lhs: Sleeper, _ rhs: Sleeper) -> Bool {
        lhs.deadline == rhs.deadline ? lhs.order < rhs.order : lhs.deadline < rhs.deadline
    }
}
