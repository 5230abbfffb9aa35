import Glibc

/// Bytes received but not yet returned to a caller, filled straight from `read(2)` without a staging copy.
///
/// Valid bytes live in `storage[head..<tail]`. Space is reclaimed by moving the valid bytes to the front when
/// a read needs room, and the storage grows only when the valid bytes themselves fill it.
struct ReadBuffer: Sendable {
    private var storage: [UInt8]
    private var head = 0
    private var tail = 0

    /// Creates an empty buffer with `capacity` bytes of room.
    init(capacity: Int = 4096) {
        storage = [UInt8](repeating: 0, count: max(capacity, 64))
    }

    /// The number of buffered bytes.
    var count: Int { tail - head }

    /// Whether nothing is buffered.
    var isEmpty: Bool { tail == head }

    /// The offset (from the first buffered byte) of the first `byte` among the first `limit` buffered bytes,
    /// starting the search at offset `start`.
    func firstOffset(of byte: UInt8, from start: Int, limit: Int) -> Int? {
        let end = min(count, limit)
        guard start < end else { return nil }
        let first = head + start
        return storage.withUnsafeBytes { raw -> Int? in
            guard let base = raw.baseAddress, let found = memchr(base + first, Int32(byte), end - start) else {
                return nil
            }
            return base.distance(to: UnsafeRawPointer(found)) - head
        }
    }

    /// Removes and returns the first `n` buffered bytes (fewer if fewer are buffered).
    mutating func take(_ n: Int) -> [UInt8] {
        let taken = max(0, min(n, count))
        let bytes = Array(storage[head..<(head + taken)])
        drop(taken)
        return bytes
    }

    /// Removes and returns everything buffered.
    mutating func takeAll() -> [UInt8] { take(count) }

    /// Removes the first `n` buffered bytes.
    mutating func drop(_ n: Int) {
        head += max(0, min(n, count))
        if head == tail {
            head = 0
            tail = 0
        }
    }

    /// Forgets everything buffered.
    mutating func removeAll() {
        head = 0
        tail = 0
    }

    /// Calls `read(2)` on `fd` into the free space (making at least `minimumSpace` bytes of room first).
    /// Returns `read`'s result and, when it failed, `errno`.
    mutating func append(readingFrom fd: Int32, minimumSpace: Int = 2048) -> (count: Int, errno: Int32) {
        if storage.count - tail < minimumSpace { makeRoom(minimumSpace) }
        let start = tail
        let space = storage.count - tail
        let result = storage.withUnsafeMutableBytes { raw -> (Int, Int32) in
            guard let base = raw.baseAddress else { return (-1, EFAULT) }
            let n = read(fd, base + start, space)
            return (n, n < 0 ? errno : 0)
        }
        if result.0 > 0 { tail += result.0 }
        return result
    }

    private mutating func makeRoom(_ needed: Int) {
        if head > 0 {
            let valid = count
            let from = head
            storage.withUnsafeMutableBytes { raw in
                guard let base = raw.baseAddress else { return }
                memmove(base, base + from, valid)
            }
            head = 0
            tail = valid
        }
        if storage.count - tail < needed {
            storage.append(contentsOf: repeatElement(0, count: max(storage.count, needed)))
        }
    }
}
