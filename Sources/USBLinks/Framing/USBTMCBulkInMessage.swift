/// A decoded `DEV_DEP_MSG_IN` Bulk-IN transfer: header fields and the message bytes it carries.
public struct USBTMCBulkInMessage: Sendable, Equatable {
    /// The echoed `bTag`.
    public var tag: UInt8
    /// Bytes 4–7: the number of message bytes in this reply, header and padding excluded.
    public var transferSize: UInt32
    /// Byte 8 bit 0: this reply ends the instrument's message.
    public var isEndOfMessage: Bool
    /// The message bytes present in this transfer, at most ``transferSize`` (padding and anything beyond
    /// TransferSize dropped).
    public var data: [UInt8]

    /// Creates a message from its fields.
    public init(tag: UInt8, transferSize: UInt32, isEndOfMessage: Bool, data: [UInt8]) {
        self.tag = tag
        self.transferSize = transferSize
        self.isEndOfMessage = isEndOfMessage
        self.data = data
    }

    /// Message bytes announced by TransferSize but not in this transfer; they arrive in the next Bulk-IN
    /// transfers without a header (a reply may span several USB transfers).
    public var missingByteCount: Int {
        max(0, Int(transferSize) - data.count)
    }

    /// Decodes the first Bulk-IN transfer of a reply to the `REQUEST_DEV_DEP_MSG_IN` that used `expectedTag` and
    /// asked for `requestedSize` bytes. Rejects, as the Linux `usbtmc` driver does, a transfer shorter than the
    /// header, a MsgID other than 2, another bTag, and a TransferSize above the request; also a bTagInverse that is
    /// not `~bTag`. Data is truncated to TransferSize.
    public static func decode(_ bytes: [UInt8], expectedTag: UInt8, requestedSize: UInt32)
        throws(USBTMCFramingError) -> USBTMCBulkInMessage {
        guard bytes.count >= USBTMCBulkOutHeader.size else {
            throw .truncatedFrame(bytes: bytes)
        }
        guard bytes[0] == USBTMCMessageID.devDepMsgIn.rawValue else {
            throw .unexpectedMessageID(bytes[0], bytes: bytes)
        }
        guard bytes[1] == expectedTag else {
            throw .tagMismatch(expected: expectedTag, received: bytes[1], bytes: bytes)
        }
        guard bytes[2] == ~bytes[1] else {
            throw .tagInverseMismatch(tag: bytes[1], inverse: bytes[2], bytes: bytes)
        }
        let size = UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16 | UInt32(bytes[7]) << 24
        guard size <= requestedSize else {
            throw .oversizedTransferSize(announced: size, requested: requestedSize, bytes: bytes)
        }
        let available = bytes.count - USBTMCBulkOutHeader.size
        let kept = Int(min(UInt64(size), UInt64(available)))
        return USBTMCBulkInMessage(
            tag: bytes[1], transferSize: size,
            isEndOfMessage: bytes[8] & USBTMCBulkOutHeader.endOfMessageBit != 0,
            data: Array(bytes[USBTMCBulkOutHeader.size..<(USBTMCBulkOutHeader.size + kept)]))
    }
}
