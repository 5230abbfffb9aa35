/// A simulator's SCPI error queue: first in, first out, bounded.
///
/// When the queue is full, a new error is not stored and the newest stored entry is replaced by
/// -350 "Queue overflow" (SCPI-99; scpi-parser `error.c`), so the oldest errors survive and the reader learns
/// that some were lost. Reading an empty queue gives `0,"No error"`.
public struct SCPIErrorQueue: Sendable, Hashable {
    /// The most entries held, at least 1.
    public let capacity: Int
    /// The entries, oldest first.
    public private(set) var entries: [SCPIErrorEntry] = []

    /// Creates an empty queue holding at most `capacity` entries (20 by default; values below 1 become 1).
    public init(capacity: Int = 20) {
        self.capacity = max(1, capacity)
    }

    /// True when no error is waiting.
    public var isEmpty: Bool { entries.isEmpty }

    /// How many errors are waiting.
    public var count: Int { entries.count }

    /// Adds an error; when the queue is full the newest entry becomes -350 "Queue overflow" instead.
    public mutating func push(_ entry: SCPIErrorEntry) {
        if entries.count < capacity {
            entries.append(entry)
        } else {
            entries[entries.count - 1] = SCPIStandardError.queueOverflow.entry()
        }
    }

    /// Adds a standard error by number, with its standard text and optional device information.
    public mutating func push(code: Int, info: String? = nil) {
        push(SCPIErrorEntry.standard(code, info: info))
    }

    /// Adds a standard error.
    public mutating func push(_ error: SCPIStandardError, info: String? = nil) {
        push(error.entry(info: info))
    }

    /// Removes and returns the oldest error, or `0,"No error"` when empty.
    public mutating func pop() -> SCPIErrorEntry {
        entries.isEmpty ? .noError : entries.removeFirst()
    }

    /// Empties the queue (`*CLS`).
    public mutating func clear() {
        entries.removeAll()
    }
}
