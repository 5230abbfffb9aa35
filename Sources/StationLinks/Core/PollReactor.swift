import Foundation
import Synchronization
import Glibc

/// How a wait for a descriptor ended.
enum WaitOutcome: Sendable, Equatable {
    /// `poll` reported these events (readable, writable, or hangup/error).
    case ready(Int16)
    /// The deadline passed first.
    case timedOut
    /// The waiting task was cancelled.
    case cancelled
    /// The link was closed by this side while waiting.
    case closed
}

/// One dedicated thread that waits in `poll(2)` on behalf of suspended tasks, so that a slow instrument never
/// holds a thread of Swift's cooperative pool.
///
/// A task registers a descriptor, the events it wants and a deadline, and suspends. The reactor thread
/// resumes it when `poll` reports the descriptor ready, when the deadline passes, or when the wait is
/// cancelled (task cancellation, or ``cancelAll(fd:outcome:)`` when a link closes). Registrations wake the
/// thread through a self-pipe so that a new, earlier deadline is honoured.
final class PollReactor: Sendable {
    /// The process-wide reactor; its thread starts on first use.
    static let shared = PollReactor()

    private struct Entry {
        var fd: Int32
        var events: Int16
        var deadline: ContinuousClock.Instant
        var continuation: UnsafeContinuation<WaitOutcome, Never>
    }

    private struct State {
        var entries: [UInt64: Entry] = [:]
        var nextID: UInt64 = 0
        var wakePending = false
        var started = false
    }

    private let state = Mutex(State())
    /// The self-pipe; -1 when it could not be created, in which case the thread polls in short slices.
    private let wakeReader: Int32
    private let wakeWriter: Int32
    /// The longest the thread sleeps without a self-pipe.
    private static let fallbackSliceMilliseconds: Int32 = 20

    private init() {
        var ends: [Int32] = [-1, -1]
        if pipe(&ends) == 0 {
            for end in ends {
                _ = SystemCalls.setCloseOnExec(end)
                _ = SystemCalls.setNonBlocking(end, true)
            }
            wakeReader = ends[0]
            wakeWriter = ends[1]
        } else {
            wakeReader = -1
            wakeWriter = -1
        }
    }

    /// Suspends until `fd` reports one of `events`, `deadline` passes, the task is cancelled, or
    /// `abortReason` (checked under the reactor's lock at registration) returns an outcome.
    nonisolated(nonsending) func wait(
        fd: Int32, events: Int16, deadline: ContinuousClock.Instant,
        abortReason: @Sendable () -> WaitOutcome?
    ) async -> WaitOutcome {
        let id = state.withLock { state in
            state.nextID += 1
            return state.nextID
        }
        return await withTaskCancellationHandler {
            await withUnsafeContinuation { (continuation: UnsafeContinuation<WaitOutcome, Never>) in
                enum Action { case resume(WaitOutcome), wake(start: Bool), none }
                let action: Action = state.withLock { state in
                    if Task.isCancelled { return .resume(.cancelled) }
                    if let reason = abortReason() { return .resume(reason) }
                    state.entries[id] = Entry(fd: fd, events: events, deadline: deadline, continuation: continuation)
                    let start = !state.started
                    state.started = true
                    if state.wakePending && !start { return .none }
                    state.wakePending = true
                    return .wake(start: start)
                }
                switch action {
                case .resume(let outcome):
                    continuation.resume(returning: outcome)
                case .wake(let start):
                    if start { startThread() }
                    signalWake()
                case .none:
                    break
                }
            }
        } onCancel: {
            cancel(id: id, outcome: .cancelled)
        }
    }

    /// Ends every wait on `fd` with `outcome` (a closing link uses this to wake its pending operation).
    func cancelAll(fd: Int32, outcome: WaitOutcome) {
        let continuations: [UnsafeContinuation<WaitOutcome, Never>] = state.withLock { state in
            let ids = state.entries.compactMap { $0.value.fd == fd ? $0.key : nil }
            return ids.compactMap { state.entries.removeValue(forKey: $0)?.continuation }
        }
        for continuation in continuations { continuation.resume(returning: outcome) }
    }

    private func cancel(id: UInt64, outcome: WaitOutcome) {
        let continuation = state.withLock { $0.entries.removeValue(forKey: id)?.continuation }
        continuation?.resume(returning: outcome)
    }

    private func signalWake() {
        guard wakeWriter >= 0 else { return }
        var byte: UInt8 = 1
        while write(wakeWriter, &byte, 1) < 0 && errno == EINTR {}
    }

    private func startThread() {
        let thread = Thread { [self] in self.run() }
        thread.name = "StationLinks.PollReactor"
        thread.start()
    }

    private func run() {
        var descriptors: [pollfd] = []
        var ids: [UInt64] = []
        var drain = [UInt8](repeating: 0, count: 64)
        while true {
            descriptors.removeAll(keepingCapacity: true)
            ids.removeAll(keepingCapacity: true)
            descriptors.append(pollfd(fd: wakeReader, events: SystemCalls.readable, revents: 0))
            var earliest: ContinuousClock.Instant?
            state.withLock { state in
                state.wakePending = false
                for (id, entry) in state.entries {
                    ids.append(id)
                    descriptors.append(pollfd(fd: entry.fd, events: entry.events, revents: 0))
                    if earliest.map({ entry.deadline < $0 }) ?? true { earliest = entry.deadline }
                }
            }
            var timeout: Int32 = -1
            if let earliest { timeout = (earliest - ContinuousClock.now).pollMilliseconds }
            if wakeReader < 0, timeout < 0 || timeout > Self.fallbackSliceMilliseconds {
                timeout = Self.fallbackSliceMilliseconds
            }
            let result = poll(&descriptors, nfds_t(descriptors.count), timeout)
            if result < 0 && errno != EINTR {
                // Only EFAULT/EINVAL/ENOMEM are possible here; back off rather than spin.
                usleep(1000)
            }
            if descriptors[0].revents != 0 {
                while read(wakeReader, &drain, drain.count) > 0 {}
            }
            let now = ContinuousClock.now
            var fired: [(UnsafeContinuation<WaitOutcome, Never>, WaitOutcome)] = []
            state.withLock { state in
                for (index, id) in ids.enumerated() {
                    let revents = descriptors[index + 1].revents
                    if revents != 0, let entry = state.entries.removeValue(forKey: id) {
                        fired.append((entry.continuation, .ready(revents)))
                    } else if let entry = state.entries[id], entry.deadline <= now {
                        state.entries[id] = nil
                        fired.append((entry.continuation, .timedOut))
                    }
                }
            }
            for (continuation, outcome) in fired { continuation.resume(returning: outcome) }
        }
    }
}
