import Foundation

/// The time source of a station: the wall clock for real benches, a virtual clock for simulated ones.
///
/// Everything that lets time pass (ramps, soaks, BER gates, burn-in read points, switch settling) asks the
/// station clock, never `Task.sleep` directly, so a simulated overnight burn-in runs in seconds. Link timeouts
/// are wall-clock time while a reply may be on its way (instruments answer in real time even on a virtual bench);
/// on a simulated SCPI instrument, a reply the simulator withheld times out in station time instead
/// (`ClockedLink` in BenchSimulator).
public protocol StationClock: Sendable {
    /// The current station time.
    var now: Date { get }

    /// Suspends until `deadline`. Throws `CancellationError` when the task is cancelled.
    func sleep(until deadline: Date) async throws

    /// Whether time here is virtual (simulated stations) rather than the wall clock.
    var isVirtual: Bool { get }

    /// Registers one more task whose progress time must wait for (call before starting the task).
    func join()

    /// Unregisters a task registered with ``join()`` (call when the task ends).
    func leave()

    /// Suspends until every other participant is waiting, without letting time move: by then, every task that
    /// will ask for something at this instant has asked. A caller that must choose among contenders in the same
    /// order on every run (``InstrumentTurns`` on a simulated batch) chooses after this.
    func untilIdle() async throws
}

extension StationClock {
    /// Real time waits for nobody: joining is a no-op.
    public func join() {}

    /// Real time waits for nobody: leaving is a no-op.
    public func leave() {}

    /// Real time has no instants at which everybody waits: returns at once.
    public func untilIdle() async throws { try Task.checkCancellation() }
}

extension StationClock {
    /// Suspends for `duration` of station time.
    public func sleep(for duration: Duration) async throws {
        try await sleep(until: now.addingTimeInterval(duration.seconds))
    }

    /// Suspends for `seconds` of station time.
    public func sleep(seconds: Double) async throws {
        try await sleep(until: now.addingTimeInterval(seconds))
    }
}

extension Duration {
    /// The duration in seconds, as a `Double`.
    public var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }
}
