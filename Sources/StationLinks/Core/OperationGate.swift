import Synchronization

/// Lets one operation at a time use a link, in arrival order, without blocking a thread.
///
/// Acquiring an idle gate costs one uncontended lock. A waiting caller suspends and is resumed by the
/// caller that releases the gate; a cancelled waiter leaves the queue at once.
final class OperationGate: Sendable {
    private struct Waiter {
        var id: UInt64
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var busy = false
        var waiters: [Waiter] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())

    /// Takes the gate if it is idle, without waiting.
    func tryAcquire() -> Bool {
        state.withLock { state in
            if state.busy { return false }
            state.busy = true
            return true
        }
    }

    /// Waits for the gate. Throws `CancellationError` if the task is cancelled while waiting.
    nonisolated(nonsending) func acquire() async throws {
        let id: UInt64? = state.withLock { state in
            if !state.busy {
                state.busy = true
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let outcome: Bool? = state.withLock { state in
                    if !state.busy {
                        state.busy = true
                        return true
                    }
                    if Task.isCancelled { return false }
                    state.waiters.append(Waiter(id: id, continuation: continuation))
                    return nil
                }
                switch outcome {
                case true?: continuation.resume()
                case false?: continuation.resume(throwing: CancellationError())
                case nil: break
                }
            }
        } onCancel: {
            let waiter: Waiter? = state.withLock { state in
                guard let index = state.waiters.firstIndex(where: { $0.id == id }) else { return nil }
                return state.waiters.remove(at: index)
            }
            waiter?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Waits for the gate even if the task is cancelled (used by `close`, which must run to the end).
    nonisolated(nonsending) func acquireIgnoringCancellation() async {
        let id: UInt64? = state.withLock { state in
            if !state.busy {
                state.busy = true
                return nil
            }
            state.nextID += 1
            return state.nextID
        }
        guard let id else { return }
        let _: Void? = try? await withCheckedThrowingContinuation { continuation in
            let acquired: Bool = state.withLock { state in
                if !state.busy {
                    state.busy = true
                    return true
                }
                state.waiters.append(Waiter(id: id, continuation: continuation))
                return false
            }
            if acquired { continuation.resume() }
        }
    }

    /// Hands the gate to the next waiter, or marks it idle.
    func release() {
        let next: Waiter? = state.withLock { state in
            if state.waiters.isEmpty {
                state.busy = false
                return nil
            }
            return state.waiters.removeFirst()
        }
        next?.continuation.resume()
    }
}
