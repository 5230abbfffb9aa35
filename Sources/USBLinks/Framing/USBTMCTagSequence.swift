/// The `bTag` counter of a USBTMC link: starts at 1, increments after every Bulk-OUT header, never yields 0, and
/// wraps from 255 back to 1 (as the Linux `usbtmc` driver does).
public struct USBTMCTagSequence: Sendable, Equatable {
    /// The tag the next call to ``next()`` returns.
    public private(set) var upcoming: UInt8
    /// The tag most recently handed out, or `nil` before the first one. Abort requests name this tag.
    public private(set) var last: UInt8?

    /// Creates a sequence whose first tag is `first` (1 unless a test needs otherwise; 0 is replaced by 1).
    public init(first: UInt8 = 1) {
        upcoming = first == 0 ? 1 : first
        last = nil
    }

    /// Returns the next tag and advances: 1, 2, …, 255, 1, 2, …
    public mutating func next() -> UInt8 {
        let tag = upcoming
        upcoming = tag == 255 ? 1 : tag + 1
        last = tag
        return tag
    }
}
