import StationClock

/// Turns at an instrument (or a pair, the switch and meter) that several sockets share: one socket at a time, so a
/// driver's exchanges never interleave and the power scans interleave lane by lane (route, settle, read) without
/// reading each other's light.
///
/// A socket waiting for its turn is not work the clock must wait for; the turn is handed over with the
/// waiter already counted as running, so time never moves between a release and the next socket's routing.
public actor InstrumentTurns {
    private let clock: any StationClock
    private var busy = false
    private var waiting: [CheckedContinuation<Void, Never>] = []

    /// Turns kept on `clock`.
    public init(clock: any StationClock) { self.clock = clock }

    /// Runs `body` in this caller's turn.
    public func withTurn<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async {
        guard busy else {
            busy = true
            return
        }
        clock.leave()
        await withCheckedContinuation { waiting.append($0) }
    }

    private func release() {
        guard !waiting.isEmpty else {
            busy = false
            return
        }
        clock.join()
        waiting.removeFirst().resume()
    }
}
