/// The record marking of ONC RPC over a byte stream (RFC 5531 §11): each record is sent as fragments, each
/// preceded by a 4-byte big-endian header whose top bit marks the last fragment and whose low 31 bits give the
/// fragment's length.
public enum RPCRecordMarking {
    /// The largest fragment this side sends (what pyvisa-py and most servers accept without question).
    public static let defaultFragmentSize = 0x7FFF_FFFF

    /// The bit of a fragment header that marks the last fragment of a record.
    public static let lastFragmentBit: UInt32 = 0x8000_0000

    /// Frames `record` as fragments of at most `fragmentSize` bytes; an empty record is one empty last fragment.
    public static func frame(_ record: [UInt8], fragmentSize: Int = defaultFragmentSize) -> [UInt8] {
        let size = max(1, min(fragmentSize, defaultFragmentSize))
        var framed: [UInt8] = []
        framed.reserveCapacity(record.count + 4 * (record.count / size + 1))
        var start = 0
        repeat {
            let end = min(record.count, start + size)
            var header = UInt32(end - start)
            if end == record.count { header |= lastFragmentBit }
            framed.append(UInt8(truncatingIfNeeded: header >> 24))
            framed.append(UInt8(truncatingIfNeeded: header >> 16))
            framed.append(UInt8(truncatingIfNeeded: header >> 8))
            framed.append(UInt8(truncatingIfNeeded: header))
            framed.append(contentsOf: record[start..<end])
            start = end
        } while start < record.count
        return framed
    }
}
