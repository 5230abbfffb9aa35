import Foundation
import Synchronization

/// When something was last done, for checks that run at most every so many station seconds.
final class SettingsCheckTime: Sendable {
    private let last = Mutex<Date?>(nil)

    /// Whether `interval` seconds have passed since the last time this answered true (true the first time).
    func isDue(at now: Date, every interval: Double) -> Bool {
        last.withLock { last in
            if let previous = last, now.timeIntervalSince(previous) < interval { return false }
            last = now
            return true
        }
    }
}
