import StationLinks

/// Response bytes received on a message link but not yet returned, and whether the last of them ended a
/// response message (VXI-11 END, HiSLIP DataEnd). Shared by the VXI-11 and HiSLIP sessions' reads.
struct ResponseBuffer {
    private(set) var bytes: [UInt8] = []
    private var endSeen = false

    var count: Int { bytes.count }

    var isEmpty: Bool { bytes.isEmpty }

    /// Adds received bytes; `end` says they finish a response message.
    mutating func append(_ received: [UInt8], end: Bool) {
        bytes += received
        endSeen = end
    }

    /// The bytes before `terminator` (which is consumed), or the whole response when its END came without the
    /// terminator; `nil` when more must be read.
    /// - Throws: ``StationLinks/LinkError`` `.overflow` when `maxCount` bytes came without either.
    mutating func line(until terminator: UInt8, maxCount: Int, resource: String) throws -> [UInt8]? {
        if let index = bytes.prefix(maxCount + 1).firstIndex(of: terminator) {
            return Array(take(index + 1).dropLast())
        }
        if endSeen, !bytes.isEmpty, bytes.count <= maxCount { return take(bytes.count) }
        guard bytes.count <= maxCount else {
            throw LinkError(.overflow, resource: resource, operation: "read until \(terminator)", received: take(bytes.count))
        }
        return nil
    }

    /// Removes and returns the first `count` bytes.
    mutating func take(_ count: Int) -> [UInt8] {
        let taken = Array(bytes.prefix(count))
        bytes.removeFirst(taken.count)
        if bytes.isEmpty { endSeen = false }
        return taken
    }

    /// Forgets everything.
    mutating func removeAll() {
        bytes.removeAll()
        endSeen = false
    }
}
