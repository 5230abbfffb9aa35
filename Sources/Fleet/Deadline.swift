import Synchronization

/// Runs `operation` in its own task and returns its result, or nil once `timeout` has passed, whichever comes first.
///
/// The operation is cancelled at the deadline but not waited for: a network call that ignores cancellation (a
/// connection to a crashed server that never answers) cannot hold the caller. The abandoned task ends on its own.
func withDeadline<T: Sendable>(
    _ timeout: Duration, _ operation: @escaping @Sendable () async -> T
) async -> T? {
    let slot = ContinuationSlot<T?>()
    let work = Task { await operation() }
    return await withCheckedContinuation { (continuation: CheckedContinuation<T?, Never>) in
        slot.fill(continuation)
        Task {
            let value = await work.value
            slot.take()?.resume(returning: value)
        }
        Task {
            try? await Task.sleep(for: timeout)
            if let pending = slot.take() {
                work.cancel()
                pending.resume(returning: nil)
            }
        }
    }
}

/// A continuation that exactly one of several tasks takes and resumes.
final class ContinuationSlot<T: Sendable>: Sendable {
    private let state = Mutex<CheckedContinuation<T, Never>?>(nil)

    /// Puts the continuation in the slot.
    func fill(_ continuation: CheckedContinuation<T, Never>) {
        state.withLock { $0 = continuation }
    }

    /// Takes the continuation out; nil for every caller after the first.
    func take() -> CheckedContinuation<T, Never>? {
        state.withLock { $0.take() }
    }
}
