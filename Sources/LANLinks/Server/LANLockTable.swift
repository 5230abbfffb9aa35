import Synchronization

/// The lock of one served instrument, shared by all its VXI-11 links and HiSLIP sessions: at most one exclusive
/// owner, or a named shared lock held by any number of owners (IVI-6.1 AsyncLock transaction; VXI-11 device_lock knows only the
/// exclusive lock). Owners are strings such as `vxi11:3` or `hislip:7`.
public final class LANLockTable: Sendable {
    private struct State {
        var exclusive: String?
        var sharedName: String?
        var sharedOwners: Set<String> = []
    }

    private let state = Mutex(State())

    /// Creates an unlocked table.
    public init() {}

    /// Whether `owner` may use the instrument now (nobody else holds a lock that excludes it).
    public func mayAccess(_ owner: String) -> Bool {
        state.withLock { state in
            if let exclusive = state.exclusive, exclusive != owner { return false }
            if state.sharedName != nil, state.exclusive != owner, !state.sharedOwners.contains(owner) { return false }
            return true
        }
    }

    /// Waits up to `timeout` until `owner` may use the instrument; false when it still may not.
    public func waitForAccess(_ owner: String, timeout: Duration) -> Bool {
        poll(until: ContinuousClock.now + timeout) { mayAccess(owner) }
    }

    /// Takes the exclusive lock (shared name `nil`) or joins the shared lock `sharedName`, waiting up to `timeout`.
    public func acquire(_ owner: String, sharedName: String? = nil, timeout: Duration) -> Bool {
        poll(until: ContinuousClock.now + timeout) {
            state.withLock { state in
                if let exclusive = state.exclusive, exclusive != owner { return false }
                if let sharedName {
                    if let current = state.sharedName, current != sharedName { return false }
                    state.sharedName = sharedName
                    state.sharedOwners.insert(owner)
                    return true
                }
                guard state.sharedOwners.subtracting([owner]).isEmpty else { return false }
                state.exclusive = owner
                return true
            }
        }
    }

    /// Releases what `owner` holds: `.exclusive`, `.shared`, or `nil` when it held nothing.
    @discardableResult
    public func release(_ owner: String) -> Released? {
        state.withLock { state in
            if state.exclusive == owner {
                state.exclusive = nil
                return .exclusive
            }
            if state.sharedOwners.remove(owner) != nil {
                if state.sharedOwners.isEmpty { state.sharedName = nil }
                return .shared
            }
            return nil
        }
    }

    /// Whether an exclusive lock is granted, and how many owners hold a lock (AsyncLockInfo).
    public var summary: (exclusive: Bool, owners: Int) {
        state.withLock { ($0.exclusive != nil, ($0.exclusive == nil ? 0 : 1) + $0.sharedOwners.count) }
    }

    /// What a release gave up.
    public enum Released: Sendable {
        /// The exclusive lock.
        case exclusive
        /// A share of the shared lock.
        case shared
    }

    private func poll(until deadline: ContinuousClock.Instant, _ condition: () -> Bool) -> Bool {
        while true {
            if condition() { return true }
            if ContinuousClock.now >= deadline { return false }
            ServerTiming.pause(milliseconds: 2)
        }
    }
}
