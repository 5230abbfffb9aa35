/// An IEEE 488.2 definite-length arbitrary block: `#`, one digit n, an n-digit byte count, then the data,
/// e.g. `#212Hello world`.
///
/// Keysight N774xA power meters answer `read:pow:all?` with such a block of little-endian float32
/// (see `LittleEndianArray`). The indefinite form `#0…` is rejected.
///
/// A stream reader reads exactly the block with `bytesStillNeeded(_:)`:
///
///     var buffer: [UInt8] = []
///     while try SCPIBlock.bytesStillNeeded(buffer) > 0 { buffer += read(count: that many) }
///     let block = try SCPIBlock(decoding: buffer)
public struct SCPIBlock: Sendable, Hashable {
    /// The data carried by the block.
    public var payload: [UInt8]

    /// The largest payload a definite-length header can announce (nine length digits).
    public static let maximumPayloadCount = 999_999_999

    /// Creates a block carrying `payload`.
    public init(payload: [UInt8]) {
        self.payload = payload
    }

    /// The header for a payload of `count` bytes, e.g. `#212` for 12 bytes and `#10` for none.
    /// - Precondition: `0 <= count <= maximumPayloadCount`.
    public static func header(payloadCount count: Int) -> [UInt8] {
        precondition(
            count >= 0 && count <= maximumPayloadCount, "a definite-length block holds at most 999999999 bytes")
        let digits = Array(String(count).utf8)
        return [UInt8(ascii: "#"), UInt8(ascii: "0") + UInt8(digits.count)] + digits
    }

    /// The block on the wire: header followed by the payload, without a terminator.
    /// - Precondition: the payload is at most `maximumPayloadCount` bytes.
    public func encoded() -> [UInt8] {
        Self.header(payloadCount: payload.count) + payload
    }

    /// How many more bytes must be read before `received` (which starts at `#`) holds the whole block.
    ///
    /// Returns 0 once the block is complete; bytes beyond the block are ignored. While the header is
    /// incomplete, the count covers only the rest of the header, so call again after reading.
    /// - Throws: `SCPIBlockError` for a missing `#`, a non-digit or zero digit count, or non-digit length.
    public static func bytesStillNeeded(_ received: some Collection<UInt8>) throws(SCPIBlockError) -> Int {
        switch try parseHeader(received) {
        case .needMore(let count):
            return count
        case .complete(let headerLength, let payloadLength):
            return max(0, headerLength + payloadLength - received.count)
        }
    }

    /// Decodes the block at the start of `bytes`, returning it and the number of bytes it occupied;
    /// anything after the block (a terminator, the next reply) is left to the caller.
    /// - Throws: `SCPIBlockError` for a bad header or a payload shorter than announced.
    public static func decodePrefix(_ bytes: some Collection<UInt8>) throws(SCPIBlockError)
        -> (block: SCPIBlock, byteCount: Int)
    {
        switch try parseHeader(bytes) {
        case .needMore(let count):
            throw .truncated(
                expectedByteCount: bytes.count + count, availableByteCount: bytes.count,
                received: SCPIBlockError.shown(bytes))
        case .complete(let headerLength, let payloadLength):
            let total = headerLength + payloadLength
            guard bytes.count >= total else {
                throw .truncated(
                    expectedByteCount: total, availableByteCount: bytes.count, received: SCPIBlockError.shown(bytes))
            }
            let payload = Array(bytes.dropFirst(headerLength).prefix(payloadLength))
            return (SCPIBlock(payload: payload), total)
        }
    }

    /// Decodes `bytes` holding exactly one block, optionally followed by a line terminator (LF or CR LF).
    /// - Throws: `SCPIBlockError` for a bad header, a short payload, or other bytes after the block.
    public init(decoding bytes: some Collection<UInt8>) throws(SCPIBlockError) {
        let (block, used) = try Self.decodePrefix(bytes)
        let rest = Array(bytes.dropFirst(used))
        let terminators: [[UInt8]] = [[], [0x0A], [0x0D, 0x0A]]
        guard terminators.contains(rest) else {
            throw .trailingBytes(count: rest.count, received: SCPIBlockError.shown(bytes))
        }
        self = block
    }

    private enum HeaderState {
        case needMore(Int)
        case complete(headerLength: Int, payloadLength: Int)
    }

    private static func parseHeader(_ bytes: some Collection<UInt8>) throws(SCPIBlockError) -> HeaderState {
        var iterator = bytes.makeIterator()
        guard let hash = iterator.next() else { return .needMore(2) }
        guard hash == UInt8(ascii: "#") else { throw .missingHash(received: SCPIBlockError.shown(bytes)) }
        guard let digitCountByte = iterator.next() else { return .needMore(1) }
        guard ASCIINumber.isDigit(digitCountByte) else {
            throw .invalidDigitCount(received: SCPIBlockError.shown(bytes))
        }
        let digitCount = Int(digitCountByte - UInt8(ascii: "0"))
        guard digitCount > 0 else { throw .indefiniteLength(received: SCPIBlockError.shown(bytes)) }
        var length = 0
        for seen in 0..<digitCount {
            guard let digit = iterator.next() else { return .needMore(digitCount - seen) }
            guard ASCIINumber.isDigit(digit) else {
                throw .invalidLengthDigits(received: SCPIBlockError.shown(bytes))
            }
            length = length * 10 + Int(digit - UInt8(ascii: "0"))
        }
        return .complete(headerLength: 2 + digitCount, payloadLength: length)
    }
}
