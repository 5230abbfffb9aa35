/// The `bTag` counter of USB488 `READ_STATUS_BYTE` requests: 2 through 127, then back to 2.
///
/// Tag 1 is reserved because the Interrupt-IN notification of a service request carries `bNotify1 = 0x81`,
/// which is `0x80 | 1`; a status-byte reply carries `0x80 | bTag`.
public struct USBTMCStatusTagSequence: Sendable, Equatable {
    /// The tag the next call to ``next()`` returns.
    public private(set) var upcoming: UInt8

    /// Creates a sequence whose first tag is `first`, clamped into 2...127.
    public init(first: UInt8 = 2) {
        upcoming = min(max(first, 2), 127)
    }

    /// Returns the next tag and advances: 2, 3, …, 127, 2, …
    public mutating func next() -> UInt8 {
        let tag = upcoming
        upcoming = tag >= 127 ? 2 : tag + 1
        return tag
    }
}
