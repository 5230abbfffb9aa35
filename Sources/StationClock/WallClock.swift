import Foundation

/// Real time, for benches with real instruments.
public struct WallClock: StationClock {
    /// Creates the wall clock.
    public init() {}

    public var now: Date { Date() }

    public var isVirtual: Bool { false }

    public func sleep(until deadline: Date) async throws {
        let remaining = deadline.timeIntervalSinceNow
        guard remaining > 0 else {
            try Task.checkCancellation()
            return
        }
        try await Task.sleep(for: .seconds(remaining))
    }
}
