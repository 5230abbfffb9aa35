import PRBS

/// A multi-lane pattern generator and error detector.
public protocol BitErrorRatioTester: Instrument {
    /// Channels (lanes) the instrument has; known after ``Instrument/connect()``.
    func channelCount() async -> Int
    /// Patterns the instrument family can generate and check.
    nonisolated var supportedPatterns: [PRBSPattern] { get }
    /// Configures every channel's generator and detector.
    func configure(pattern: PRBSPattern, inverted: Bool, lineRateBitsPerSecond: Double) async throws
    /// Enables or disables the generator outputs.
    func setOutputs(_ on: Bool) async throws
    /// Zeroes the counters and starts counting on all channels.
    func startGate() async throws
    /// Stops counting.
    func stopGate() async throws
    /// Reads all channels' counters at once.
    func readCounters() async throws -> [LaneCounters]
    /// Re-synchronises one channel's detector.
    func resynchronize(channel: Int) async throws
}
