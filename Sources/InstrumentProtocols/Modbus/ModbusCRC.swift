/// The CRC-16 of Modbus RTU frames: initial value 0xFFFF, reflected polynomial 0xA001, appended to the
/// frame low byte first.
///
/// `01 03 00 00 00 01` (read one holding register at 0 from unit 1) gets the CRC bytes `84 0A`.
public enum ModbusCRC {
    private static let table: [UInt16] = (0..<256).map { index -> UInt16 in
        var crc = UInt16(index)
        for _ in 0..<8 {
            crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xA001 : crc >> 1
        }
        return crc
    }

    /// The CRC of `bytes` as a number; on the wire its low byte comes first.
    public static func crc16(_ bytes: some Sequence<UInt8>) -> UInt16 {
        if let crc = bytes.withContiguousStorageIfAvailable({ update(0xFFFF, $0) }) { return crc }
        return update(0xFFFF, bytes)
    }

    private static func update(_ start: UInt16, _ bytes: some Sequence<UInt8>) -> UInt16 {
        var crc = start
        table.withUnsafeBufferPointer { table in
            for byte in bytes {
                crc = (crc >> 8) ^ table[Int((crc ^ UInt16(byte)) & 0xFF)]
            }
        }
        return crc
    }

    /// The two CRC bytes for `bytes`, low byte first, as they are appended.
    public static func crcBytes(_ bytes: some Sequence<UInt8>) -> [UInt8] {
        let crc = crc16(bytes)
        return [UInt8(crc & 0xFF), UInt8(crc >> 8)]
    }

    /// `frame` followed by its CRC.
    public static func appendingCRC(to frame: [UInt8]) -> [UInt8] {
        frame + crcBytes(frame)
    }

    /// True when the last two bytes of `frame` are the CRC of the bytes before them.
    public static func isValid(_ frame: [UInt8]) -> Bool {
        guard frame.count >= 3 else { return false }
        return receivedCRC(frame) == crc16(frame.dropLast(2))
    }

    /// The CRC carried by the last two bytes of `frame` (low byte first); needs at least two bytes.
    static func receivedCRC(_ frame: [UInt8]) -> UInt16 {
        UInt16(frame[frame.count - 2]) | UInt16(frame[frame.count - 1]) << 8
    }

    /// Throws `ModbusError.crcMismatch` unless the last two bytes of `frame` are its CRC.
    static func check(_ frame: [UInt8]) throws(ModbusError) {
        let expected = crc16(frame.dropLast(2))
        let received = receivedCRC(frame)
        guard expected == received else {
            throw .crcMismatch(expected: expected, received: received, frame: frame)
        }
    }
}
