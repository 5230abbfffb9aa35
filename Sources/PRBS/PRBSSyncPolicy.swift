/// When a ``PRBSChecker`` declares lock and when it gives it up.
public struct PRBSSyncPolicy: Sendable, Hashable {
    /// Consecutive correct predictions, after the register has been loaded, needed to declare lock.
    public var confirmationBits: Int
    /// The length of the loss-of-sync window in 64-bit words.
    public var windowWords: Int
    /// Lock is lost as soon as the errors within one window exceed this count.
    public var maximumErrorsPerWindow: Int

    /// The length of the loss-of-sync window in bits.
    public var windowBits: Int {
        windowWords * 64
    }

    /// Creates a policy.
    ///
    /// - Parameters:
    ///   - confirmationBits: consecutive correct predictions needed for lock (at least 1).
    ///   - windowBits: loss-of-sync window, rounded up to whole 64-bit words (at least one word).
    ///   - maximumErrorsPerWindow: lock is lost when a window holds more errors than this (at least 0).
    public init(confirmationBits: Int = 64, windowBits: Int = 1024, maximumErrorsPerWindow: Int = 256) {
        self.confirmationBits = max(1, confirmationBits)
        self.windowWords = max(1, (windowBits + 63) / 64)
        self.maximumErrorsPerWindow = max(0, maximumErrorsPerWindow)
    }

    /// Lock after 64 clean predictions; lose it when more than 25 % of a 1024-bit window is in error.
    public static let standard = PRBSSyncPolicy()
}
