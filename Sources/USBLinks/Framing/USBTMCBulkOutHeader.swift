/// The 12-byte header that starts every USBTMC Bulk-OUT transfer (USBTMC 1.0 Tables 1–4), little-endian:
///
/// | byte | field |
/// |---|---|
/// | 0 | MsgID |
/// | 1 | bTag (1…255) |
/// | 2 | bTagInverse = ~bTag |
/// | 3 | 0 |
/// | 4–7 | TransferSize, payload bytes only |
/// | 8 | bmTransferAttributes: bit 0 EOM (OUT), bit 1 TermCharEnabled (IN request) |
/// | 9 | TermChar (IN request), otherwise 0 |
/// | 10–11 | 0 |
public struct USBTMCBulkOutHeader: Sendable, Equatable {
    /// Bytes in a header.
    public static let size = 12
    /// `bmTransferAttributes` bit 0 of a `DEV_DEP_MSG_OUT`: the last transfer of the message.
    public static let endOfMessageBit: UInt8 = 0x01
    /// `bmTransferAttributes` bit 1 of a `REQUEST_DEV_DEP_MSG_IN`: stop the transfer at `TermChar`.
    public static let termCharEnabledBit: UInt8 = 0x02

    /// Byte 0.
    public var messageID: USBTMCMessageID
    /// Byte 1; its inverse goes in byte 2.
    public var tag: UInt8
    /// Bytes 4–7: the number of payload bytes (OUT) or the most the host accepts (IN request).
    public var transferSize: UInt32
    /// Byte 8.
    public var attributes: UInt8
    /// Byte 9.
    public var termChar: UInt8

    /// Creates a header from its fields.
    public init(messageID: USBTMCMessageID, tag: UInt8, transferSize: UInt32, attributes: UInt8 = 0,
                termChar: UInt8 = 0) {
        self.messageID = messageID
        self.tag = tag
        self.transferSize = transferSize
        self.attributes = attributes
        self.termChar = termChar
    }

    /// The header of a `DEV_DEP_MSG_OUT` carrying `transferSize` payload bytes; `endOfMessage` sets EOM.
    public static func devDepMsgOut(tag: UInt8, transferSize: UInt32, endOfMessage: Bool) -> USBTMCBulkOutHeader {
        USBTMCBulkOutHeader(messageID: .devDepMsgOut, tag: tag, transferSize: transferSize,
                            attributes: endOfMessage ? endOfMessageBit : 0)
    }

    /// A `REQUEST_DEV_DEP_MSG_IN` asking for at most `transferSize` bytes; with `termChar` the instrument may end
    /// the reply early after sending that byte (only if its capabilities say it supports TermChar).
    public static func requestDevDepMsgIn(tag: UInt8, transferSize: UInt32, termChar: UInt8? = nil)
        -> USBTMCBulkOutHeader {
        USBTMCBulkOutHeader(messageID: .requestDevDepMsgIn, tag: tag, transferSize: transferSize,
                            attributes: termChar == nil ? 0 : termCharEnabledBit, termChar: termChar ?? 0)
    }

    /// A USB488 `TRIGGER` message: the header alone, bytes 4–11 zero.
    public static func trigger(tag: UInt8) -> USBTMCBulkOutHeader {
        USBTMCBulkOutHeader(messageID: .trigger, tag: tag, transferSize: 0)
    }

    /// The 12 header bytes.
    public func encode() -> [UInt8] {
        [
            messageID.rawValue, tag, ~tag, 0,
            UInt8(truncatingIfNeeded: transferSize),
            UInt8(truncatingIfNeeded: transferSize >> 8),
            UInt8(truncatingIfNeeded: transferSize >> 16),
            UInt8(truncatingIfNeeded: transferSize >> 24),
            attributes, termChar, 0, 0,
        ]
    }

    /// The header followed by `payload`, zero-padded to a multiple of 4 bytes: one complete Bulk-OUT transfer.
    public func encode(payload: some Collection<UInt8>) -> [UInt8] {
        var bytes = encode()
        bytes.reserveCapacity(Self.size + Self.paddedLength(payload.count))
        bytes.append(contentsOf: payload)
        bytes.append(contentsOf: repeatElement(0, count: Self.paddedLength(payload.count) - payload.count))
        return bytes
    }

    /// `count` rounded up to a multiple of 4 (the alignment of USBTMC payloads).
    public static func paddedLength(_ count: Int) -> Int {
        (count + 3) & ~3
    }
}
