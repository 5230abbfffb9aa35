/// Decodes XDR (RFC 4506) from a byte array, checking every length against what is left and against a limit.
///
/// Sans I/O: it reads from the bytes it was given and never allocates more than the input holds, so a hostile
/// length field cannot make it reserve gigabytes.
public struct XDRReader: Sendable {
    private let bytes: [UInt8]
    private var offset: Int

    /// Starts reading at the first of `bytes`.
    public init(_ bytes: [UInt8]) {
        self.bytes = bytes
        self.offset = 0
    }

    /// The number of bytes not yet read.
    public var remaining: Int { bytes.count - offset }

    /// Reads an unsigned 32-bit integer.
    public mutating func uint32(_ field: String) throws(XDRError) -> UInt32 {
        guard remaining >= 4 else { throw .truncated(field: field, needed: 4, available: remaining) }
        let value = UInt32(bytes[offset]) << 24 | UInt32(bytes[offset + 1]) << 16
            | UInt32(bytes[offset + 2]) << 8 | UInt32(bytes[offset + 3])
        offset += 4
        return value
    }

    /// Reads a signed 32-bit integer.
    public mutating func int32(_ field: String) throws(XDRError) -> Int32 {
        Int32(bitPattern: try uint32(field))
    }

    /// Reads an unsigned 64-bit integer ("unsigned hyper").
    public mutating func uint64(_ field: String) throws(XDRError) -> UInt64 {
        let high = UInt64(try uint32(field))
        let low = UInt64(try uint32(field))
        return high << 32 | low
    }

    /// Reads a boolean; any value other than 0 or 1 is rejected.
    public mutating func bool(_ field: String) throws(XDRError) -> Bool {
        let value = try uint32(field)
        guard value <= 1 else { throw .invalidValue(field: field, value: value) }
        return value == 1
    }

    /// Reads variable-length opaque data of at most `limit` bytes, skipping its padding.
    public mutating func opaque(_ field: String, limit: Int) throws(XDRError) -> [UInt8] {
        let length = try uint32(field + " length")
        guard Int(length) <= limit else { throw .tooLong(field: field, length: length, limit: limit) }
        let count = Int(length)
        let padded = count + XDRWriter.padding(for: count)
        guard remaining >= padded else { throw .truncated(field: field, needed: padded, available: remaining) }
        let data = Array(bytes[offset..<(offset + count)])
        offset += padded
        return data
    }

    /// Reads a string of at most `limit` bytes; bytes that are not UTF-8 are replaced.
    public mutating func string(_ field: String, limit: Int) throws(XDRError) -> String {
        String(decoding: try opaque(field, limit: limit), as: UTF8.self)
    }

    /// Returns the unread bytes and moves to the end.
    public mutating func rest() -> [UInt8] {
        let tail = Array(bytes[offset...])
        offset = bytes.count
        return tail
    }

    /// Throws when bytes remain after `field`, the last field of a structure.
    public func expectEnd(after field: String) throws(XDRError) {
        guard remaining == 0 else { throw .trailingBytes(field: field, count: remaining) }
    }
}
