/// Splits a HiSLIP byte stream into messages (IVI-6.1 rev 2.0, message format).
///
/// Sans I/O: feed it received bytes with ``append(_:)`` and take messages with ``nextMessage()``. A payload longer
/// than ``maximumPayloadSize`` is refused from its header, before its bytes are buffered.
public struct HiSLIPMessageAssembler: Sendable {
    /// The largest payload accepted.
    public let maximumPayloadSize: Int
    private var pending: [UInt8] = []
    private var offset = 0

    /// Creates an assembler accepting payloads up to `maximumPayloadSize` bytes.
    public init(maximumPayloadSize: Int = 1 << 20) {
        self.maximumPayloadSize = maximumPayloadSize
    }

    /// The number of bytes received but not yet returned in a message.
    public var bufferedCount: Int { pending.count - offset }

    /// Adds received bytes.
    public mutating func append(_ bytes: [UInt8]) {
        if offset > 0, offset == pending.count {
            pending.removeAll(keepingCapacity: true)
            offset = 0
        }
        pending.append(contentsOf: bytes)
    }

    /// Returns the next complete message, `nil` when more bytes are needed.
    public mutating func nextMessage() throws(HiSLIPDecodingError) -> HiSLIPMessage? {
        guard bufferedCount >= HiSLIPHeader.size else { return nil }
        let header = try HiSLIPHeader(decoding: pending[offset..<(offset + HiSLIPHeader.size)])
        guard header.payloadLength <= UInt64(maximumPayloadSize) else {
            throw .payloadTooLarge(length: header.payloadLength, limit: maximumPayloadSize)
        }
        let length = Int(header.payloadLength)
        guard bufferedCount - HiSLIPHeader.size >= length else { return nil }
        let start = offset + HiSLIPHeader.size
        let payload = Array(pending[start..<(start + length)])
        offset = start + length
        if offset > 4096, offset * 2 > pending.count {
            pending.removeFirst(offset)
            offset = 0
        }
        return HiSLIPMessage(header.messageType, controlCode: header.controlCode, parameter: header.parameter,
                             payload: payload)
    }
}
