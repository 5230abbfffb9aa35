import Synchronization

extension StationClock {
    /// Runs `side` in a child task while this task runs `body`, and returns both results; when `body` throws, the
    /// child is cancelled and waited for, and `body`'s error is thrown.
    ///
    /// The child is a participant from its start. This task is not one while it waits for the child, whether
    /// `body` returned or threw: the child may be waiting for a turn that a task asleep on this clock holds, so
    /// counting the waiting task as running would stop time for good. As the child ends, its place passes to the
    /// waiting task, so time never moves between the two.
    public func withSideTask<Side: Sendable, Main>(
        _ side: @escaping @Sendable () async throws -> Side, body: () async throws -> Main
    ) async throws -> (Main, Side) {
        let handover = SideTaskHandover()
        return try await withThrowingTaskGroup(of: Side.self) { group in
            join()
            group.addTask {
                defer { if handover.sideEnds() { leave() } }
                return try await side()
            }
            let main: Result<Main, any Error>
            do {
                main = .success(try await body())
            } catch {
                group.cancelAll()
                main = .failure(error)
            }
            if handover.mainWaits() { leave() }
            let sideResult: Result<Side?, any Error>
            do {
                sideResult = .success(try await group.next())
            } catch {
                sideResult = .failure(error)
            }
            let mainValue = try main.get()
            guard let sideValue = try sideResult.get() else { throw CancellationError() }
            return (mainValue, sideValue)
        }
    }
}

/// Who of a side task and the task waiting for it gave up its place on the clock.
private final class SideTaskHandover: Sendable {
    private struct State {
        var sideEnded = false
        var mainWaiting = false
    }

    private let state = Mutex(State())

    /// The side task ends; true when it must leave the clock (nobody waits for it yet), false when the waiting
    /// task takes its place.
    func sideEnds() -> Bool {
        state.withLock { state in
            state.sideEnded = true
            return !state.mainWaiting
        }
    }

    /// The main task starts waiting for the side task; true when it must leave the clock (the side task still
    /// runs and will hand its place over), false when the side task already ended and left.
    func mainWaits() -> Bool {
        state.withLock { state in
            state.mainWaiting = true
            return !state.sideEnded
        }
    }
}
