/// Reassembles RPC records from a byte stream framed with record marking (RFC 5531 §11).
///
/// Sans I/O: feed it whatever bytes arrive with ``append(_:)`` and take complete records with ``nextRecord()``.
/// A record larger than ``maximumRecordSize`` is refused before its bytes are buffered.
public struct RPCRecordAssembler: Sendable {
    /// The largest record accepted.
    public let maximumRecordSize: Int
    private var pending: [UInt8] = []
    private var offset = 0
    private var record: [UInt8] = []

    /// Creates an assembler that accepts records up to `maximumRecordSize` bytes.
    public init(maximumRecordSize: Int = 1 << 20) {
        self.maximumRecordSize = maximumRecordSize
    }

    /// The number of bytes received but not yet part of a returned record.
    public var bufferedCount: Int { pending.count - offset + record.count }

    /// Adds received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        if offset > 0, offset == pending.count {
            pending.removeAll(keepingCapacity: true)
            offset = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// Returns the next complete record, or `nil` when more bytes are needed.
    public mutating func nextRecord() throws(RPCRecordError) -> [UInt8]? {
        while pending.count - offset >= 4 {
            let header = UInt32(pending[offset]) << 24 | UInt32(pending[offset + 1]) << 16
                | UInt32(pending[offset + 2]) << 8 | UInt32(pending[offset + 3])
            let length = Int(header & ~RPCRecordMarking.lastFragmentBit)
            let isLast = header & RPCRecordMarking.lastFragmentBit != 0
            guard record.count + length <= maximumRecordSize else {
                throw .recordTooLarge(size: record.count + length, limit: maximumRecordSize)
            }
            guard pending.count - offset - 4 >= length else { return nil }
            record.append(contentsOf: pending[(offset + 4)..<(offset + 4 + length)])
            offset += 4 + length
            if offset > 4096, offset * 2 > pending.count {
                pending.removeFirst(offset)
                offset = 0
            }
            if isLast {
                defer { record = [] }
                return record
            }
        }
        return nil
    }
}
