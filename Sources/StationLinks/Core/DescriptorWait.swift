import Glibc

/// Waits for a descriptor to become ready: first on the calling thread, then on the ``PollReactor``.
///
/// An instrument simulator on loopback answers within microseconds, so the wait starts on the calling
/// thread, in three steps:
/// 1. A few rounds of `sched_yield` and a zero-timeout `poll`. When the peer runs on the same core, the
///    yield lets it answer at once; no timer is armed, which matters in virtual machines, where arming and
///    cancelling the timer of a `poll` with a timeout costs microseconds per wait.
/// 2. A `poll` of at most ``inlineBudgetMilliseconds``, for replies that take a little longer.
/// 3. The rest of the wait happens on the reactor's thread while the task is suspended, so that a slow
///    instrument never holds a thread of Swift's cooperative pool for more than about a millisecond.
enum DescriptorWait {
    /// How many yield-and-look rounds come before a blocking wait (a few microseconds in all).
    static let spinRounds = 8
    /// The longest a wait blocks the calling thread before handing over to the reactor.
    static let inlineBudgetMilliseconds: Int32 = 1

    /// Waits until `fd` reports one of `events` (or a hangup/error), `deadline` passes, the task is cancelled,
    /// or `abortReason` returns an outcome (checked before waiting and when handing over to the reactor).
    nonisolated(nonsending) static func wait(
        fd: Int32, events: Int16, deadline: ContinuousClock.Instant,
        abortReason: @escaping @Sendable () -> WaitOutcome?
    ) async -> WaitOutcome {
        if Task.isCancelled { return .cancelled }
        if let reason = abortReason() { return reason }
        var entry = pollfd(fd: fd, events: events, revents: 0)
        for _ in 0..<spinRounds {
            sched_yield()
            entry.revents = 0
            if poll(&entry, 1, 0) > 0 { return .ready(entry.revents) }
        }
        let now = ContinuousClock.now
        guard now < deadline else { return .timedOut }
        let inline = min((deadline - now).pollMilliseconds, inlineBudgetMilliseconds)
        entry.revents = 0
        let result = poll(&entry, 1, inline)
        if result > 0 { return .ready(entry.revents) }
        if result < 0 && errno != EINTR { return .ready(Int16(POLLERR)) }
        if ContinuousClock.now >= deadline { return .timedOut }
        return await PollReactor.shared.wait(fd: fd, events: events, deadline: deadline, abortReason: abortReason)
    }
}
