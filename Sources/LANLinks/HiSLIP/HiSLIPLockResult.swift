/// The control code of an AsyncLockResponse (IVI-6.1 rev 2.0, AsyncLock transaction): 0 failure (the lock was not granted in
/// time), 1 success (or success releasing an exclusive lock), 2 success releasing a shared lock, 3 error.
public enum HiSLIPLockResult: UInt8, Sendable, CustomStringConvertible {
    /// Not granted within the timeout: another client holds the lock.
    case failure = 0
    /// Granted, or an exclusive lock released.
    case success = 1
    /// A shared lock released.
    case successShared = 2
    /// The request was invalid (e.g. releasing a lock not held).
    case error = 3

    /// The specification's word for the result.
    public var description: String {
        switch self {
        case .failure: return "failure (locked by another client)"
        case .success: return "success"
        case .successShared: return "success (shared)"
        case .error: return "error"
        }
    }
}
