import Synchronization

/// Counts the bytes travelling each way on one simulated instrument's connection, so that a driver-side read can
/// tell a reply that is on its way (the simulator still serving the request, or its reply not yet read) from one
/// that will never come (withheld by an injected fault).
///
/// The simulator counts a reply's bytes before it counts the request as served, so once every request byte is
/// served, every reply byte the simulator will send is already on the wire.
public final class LinkLedger: Sendable {
    private struct State {
        /// Request bytes the driver wrote.
        var sent: UInt64 = 0
        /// Request bytes the simulator has finished with (reply written or withheld).
        var served: UInt64 = 0
        /// Reply bytes the simulator wrote.
        var replied: UInt64 = 0
        /// Reply bytes the driver read or discarded.
        var consumed: UInt64 = 0
        var waiters: [UInt64: CheckedContinuation<Void, Never>] = [:]
        /// Waits whose time ran out (or whose task was cancelled) before their continuation was registered.
        var expired: Set<UInt64> = []
        /// Waits not yet over: a timer that fires (or is cancelled) after its wait is over leaves nothing behind.
        var open: Set<UInt64> = []
        var nextWaiter: UInt64 = 0

        var isServed: Bool { served >= sent }
    }

    private let state = Mutex(State())

    /// Creates an empty ledger.
    public init() {}

    // MARK: Driver side

    /// The driver is about to write `count` request bytes.
    public func sent(_ count: Int) {
        state.withLock { $0.sent += UInt64(count) }
    }

    /// The driver read `count` reply bytes. Bytes already written off by ``discardedReplies()`` (a late reply read
    /// after its timeout) are not counted twice: the count never passes what the simulator replied.
    public func consumed(_ count: Int) {
        state.withLock { $0.consumed = min($0.consumed + UInt64(count), $0.replied) }
    }

    /// The driver dropped whatever reply bytes it had (a failed read, a discard of input).
    public func discardedReplies() {
        state.withLock { $0.consumed = max($0.consumed, $0.replied) }
    }

    /// Whether nothing is on its way: the simulator finished with every request byte and every reply byte is read.
    public var isQuiet: Bool {
        state.withLock { $0.isServed && $0.consumed >= $0.replied }
    }

    /// Waits up to `timeout` of wall time until the simulator has finished with every request byte sent so far;
    /// true when it has. Returns early, with the current answer, when the task is cancelled.
    public func waitUntilServed(timeout: Duration) async -> Bool {
        let id: UInt64? = state.withLock { state in
            guard !state.isServed else { return nil }
            state.nextWaiter += 1
            state.open.insert(state.nextWaiter)
            return state.nextWaiter
        }
        guard let id else { return true }
        let timer = Task { [self] in
            try? await Task.sleep(for: timeout)
            expire(id)
        }
        defer { timer.cancel() }
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let resumeNow = state.withLock { state -> Bool in
                    if state.isServed || state.expired.remove(id) != nil { return true }
                    state.waiters[id] = continuation
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            expire(id)
        }
        return state.withLock { state in
            state.open.remove(id)
            state.expired.remove(id)
            return state.isServed
        }
    }

    /// Waits still remembered (waiting, or expired before their continuation was registered): 0 when no read is
    /// waiting, so nothing piles up over a long simulated run.
    var rememberedWaits: Int {
        state.withLock { $0.waiters.count + $0.expired.count + $0.open.count }
    }

    private func expire(_ id: UInt64) {
        let waiter = state.withLock { state -> CheckedContinuation<Void, Never>? in
            guard let waiter = state.waiters.removeValue(forKey: id) else {
                if state.open.contains(id) { state.expired.insert(id) }
                return nil
            }
            return waiter
        }
        waiter?.resume()
    }

    // MARK: Simulator side

    /// The simulator wrote `count` reply bytes (count them before the request is served).
    public func replied(_ count: Int) {
        state.withLock { $0.replied += UInt64(count) }
    }

    /// The simulator finished with `count` request bytes (never more than the driver sent).
    public func served(_ count: Int) {
        resumeWaiters(after: { $0.served = min($0.served + UInt64(count), $0.sent) })
    }

    /// Nothing sent so far is awaited any more: the simulator dropped the request bytes it had (overflow, connection
    /// replaced), or the driver's write failed part-way.
    public func servedAll() {
        resumeWaiters(after: { $0.served = max($0.served, $0.sent) })
    }

    private func resumeWaiters(after change: (inout State) -> Void) {
        let woken = state.withLock { state -> [CheckedContinuation<Void, Never>] in
            change(&state)
            guard state.isServed, !state.waiters.isEmpty else { return [] }
            defer { state.waiters.removeAll() }
            return Array(state.waiters.values)
        }
        for waiter in woken { waiter.resume() }
    }
}
