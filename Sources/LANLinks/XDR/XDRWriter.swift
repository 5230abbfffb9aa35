/// Encodes values in XDR, the External Data Representation of RFC 4506: big-endian 4-byte units, variable-length
/// opaque data and strings preceded by their length and zero-padded to a multiple of four (RFC 4506 §4.10, §4.11).
///
/// Sans I/O: it only appends to ``bytes``.
public struct XDRWriter: Sendable {
    /// The encoded bytes so far.
    public private(set) var bytes: [UInt8]

    /// Creates an empty writer, reserving room for `capacity` bytes.
    public init(capacity: Int = 64) {
        bytes = []
        bytes.reserveCapacity(capacity)
    }

    /// Appends an unsigned 32-bit integer (RFC 4506 §4.2).
    public mutating func uint32(_ value: UInt32) {
        bytes.append(UInt8(truncatingIfNeeded: value >> 24))
        bytes.append(UInt8(truncatingIfNeeded: value >> 16))
        bytes.append(UInt8(truncatingIfNeeded: value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }

    /// Appends a signed 32-bit integer in two's complement (RFC 4506 §4.1).
    public mutating func int32(_ value: Int32) {
        uint32(UInt32(bitPattern: value))
    }

    /// Appends an unsigned 64-bit integer, the "unsigned hyper" of RFC 4506 §4.5.
    public mutating func uint64(_ value: UInt64) {
        uint32(UInt32(truncatingIfNeeded: value >> 32))
        uint32(UInt32(truncatingIfNeeded: value))
    }

    /// Appends a boolean as the enum value 0 or 1 (RFC 4506 §4.4).
    public mutating func bool(_ value: Bool) {
        uint32(value ? 1 : 0)
    }

    /// Appends variable-length opaque data: its length, the bytes, then zero padding to a multiple of four
    /// (RFC 4506 §4.10).
    public mutating func opaque(_ data: [UInt8]) {
        uint32(UInt32(truncatingIfNeeded: data.count))
        bytes.append(contentsOf: data)
        bytes.append(contentsOf: repeatElement(0, count: XDRWriter.padding(for: data.count)))
    }

    /// Appends a string as its UTF-8 bytes in the variable-length form of RFC 4506 §4.11.
    public mutating func string(_ text: String) {
        opaque(Array(text.utf8))
    }

    /// The number of zero bytes that pad `count` bytes to a multiple of four.
    public static func padding(for count: Int) -> Int {
        (4 - count % 4) % 4
    }
}
