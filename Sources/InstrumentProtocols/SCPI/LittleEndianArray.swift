/// Little-endian packing of number arrays, the layout of binary block payloads such as the float32 readings
/// of a Keysight N774xA (`read:pow:all?`) or record arrays of counters.
public enum LittleEndianArray {
    /// `values` as IEEE 754 single-precision floats, 4 bytes each, least significant byte first.
    public static func encodeFloat32(_ values: [Float]) -> [UInt8] {
        encode(values.map(\.bitPattern))
    }

    /// The float32 values in `bytes` (4 bytes each, least significant byte first).
    /// - Throws: `SCPIBlockError.partialElement` when the byte count is not a multiple of 4.
    public static func decodeFloat32(_ bytes: some Collection<UInt8>) throws(SCPIBlockError) -> [Float] {
        let patterns: [UInt32] = try decode(bytes)
        return patterns.map(Float.init(bitPattern:))
    }

    /// `values` as 4-byte unsigned integers, least significant byte first.
    public static func encodeUInt32(_ values: [UInt32]) -> [UInt8] { encode(values) }

    /// The 4-byte unsigned integers in `bytes`, least significant byte first.
    /// - Throws: `SCPIBlockError.partialElement` when the byte count is not a multiple of 4.
    public static func decodeUInt32(_ bytes: some Collection<UInt8>) throws(SCPIBlockError) -> [UInt32] {
        try decode(bytes)
    }

    /// `values` as 8-byte unsigned integers, least significant byte first.
    public static func encodeUInt64(_ values: [UInt64]) -> [UInt8] { encode(values) }

    /// The 8-byte unsigned integers in `bytes`, least significant byte first.
    /// - Throws: `SCPIBlockError.partialElement` when the byte count is not a multiple of 8.
    public static func decodeUInt64(_ bytes: some Collection<UInt8>) throws(SCPIBlockError) -> [UInt64] {
        try decode(bytes)
    }

    private static func encode<Value: FixedWidthInteger & UnsignedInteger>(_ values: [Value]) -> [UInt8] {
        let size = Value.bitWidth / 8
        var out: [UInt8] = []
        out.reserveCapacity(values.count * size)
        for value in values {
            var remaining = value
            for _ in 0..<size {
                out.append(UInt8(truncatingIfNeeded: remaining))
                remaining >>= 8
            }
        }
        return out
    }

    private static func decode<Value: FixedWidthInteger & UnsignedInteger>(
        _ bytes: some Collection<UInt8>
    ) throws(SCPIBlockError) -> [Value] {
        let size = Value.bitWidth / 8
        guard bytes.count % size == 0 else { throw .partialElement(byteCount: bytes.count, elementSize: size) }
        var out: [Value] = []
        out.reserveCapacity(bytes.count / size)
        var value: Value = 0
        var shift = 0
        for byte in bytes {
            value |= Value(byte) << shift
            shift += 8
            if shift == Value.bitWidth {
                out.append(value)
                value = 0
                shift = 0
            }
        }
        return out
    }
}
