import StationClock

/// Turns at an instrument (or a pair, the switch and meter) that several sockets share: one socket at a time, so a
/// driver's exchanges never interleave and the power scans interleave lane by lane (route, settle, read) without
/// reading each other's light.
///
/// A socket waiting for its turn is not work the clock must wait for; the turn is handed over with the
/// waiter already counted as running, so time never moves between a release and the next socket's routing.
public actor InstrumentTurns {
    /// Who gets a free turn.
    public enum Order: Sendable {
        /// The first to ask, at once. Enough where a turn takes no station time (a driver's exchanges), so the
        /// order of the turns changes no reading.
        case asked
        /// The waiting socket with the lowest ``InstrumentTurns/priority`` (equal priorities in order of asking),
        /// decided only once every task has done what it will do at this instant (``StationClock/untilIdle()``).
        /// For turns that hold station time (a scan's route, settle and read): which socket scans a lane first
        /// decides when every later lane is read, so a seed gives the same readings, and the same certificates,
        /// however the tasks happened to be scheduled. Every task that counts on the clock must then wait on the
        /// clock or on a turn, never on something else, or the idle instant never comes.
        case socketOrder
    }

    /// The priority of the calling task's requests: a batch's socket index, set around each socket's task.
    @TaskLocal public static var priority = 0

    private struct Waiter {
        var priority: Int
        var order: UInt64
        var continuation: CheckedContinuation<Void, Never>
    }

    private let clock: any StationClock
    private let order: Order
    private var busy = false
    private var deciding = false
    private var waiting: [Waiter] = []
    private var nextOrder: UInt64 = 0

    /// Turns kept on `clock`, given in `order`.
    public init(clock: any StationClock, order: Order = .asked) {
        self.clock = clock
        self.order = order
    }

    /// Runs `body` in this caller's turn.
    public func withTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire(priority: Self.priority)
        defer { release() }
        return try await body()
    }

    private func acquire(priority: Int) async {
        if order == .asked, !busy, waiting.isEmpty {
            busy = true
            return
        }
        nextOrder += 1
        let order = nextOrder
        await withCheckedContinuation { continuation in
            waiting.append(Waiter(priority: priority, order: order, continuation: continuation))
            decideWhenIdle()
            // Waiting for a turn is not work the clock must wait for (leaving only once a decider counts, so time
            // cannot jump past this instant before it is decided); the grant counts the waiter as running again.
            clock.leave()
        }
    }

    private func release() {
        busy = false
        decideWhenIdle()
    }

    /// Starts deciding who gets the free turn: at once when turns go to the first to ask, otherwise once nothing
    /// else runs at this instant.
    private func decideWhenIdle() {
        guard !busy, !deciding, !waiting.isEmpty else { return }
        guard order == .socketOrder else {
            // The first waiter takes the turn with a place on the clock: time cannot move before it runs.
            busy = true
            clock.join()
            waiting.removeFirst().continuation.resume()
            return
        }
        deciding = true
        // The decider is a participant until it waits for the idle instant, and again from its wake-up until
        // it hands that place to the waiter it chose: time cannot move in between.
        let clock = self.clock
        clock.join()
        Task {
            // Cancellation cannot reach this unstructured task; a failed wait only means deciding now.
            try? await clock.untilIdle()
            self.grant()
        }
    }

    private func grant() {
        deciding = false
        guard !busy, let next = waiting.indices.min(by: {
            (waiting[$0].priority, waiting[$0].order) < (waiting[$1].priority, waiting[$1].order)
        }) else {
            clock.leave()
            return
        }
        busy = true
        waiting.remove(at: next).continuation.resume()
    }
}
