/// One Bulk-OUT transfer of a `DEV_DEP_MSG_OUT` message: header, payload slice and padding.
public struct USBTMCOutTransfer: Sendable, Equatable {
    /// The `bTag` in this transfer's header (abort requests name it).
    public var tag: UInt8
    /// Whether the header has EOM set (only the message's last transfer).
    public var isEndOfMessage: Bool
    /// The payload bytes carried, without header or padding.
    public var payloadCount: Int
    /// The complete transfer: 12-byte header, payload, zero padding to a multiple of 4.
    public var bytes: [UInt8]
}

/// Splits a device-dependent message into `DEV_DEP_MSG_OUT` transfers.
public enum USBTMCOutMessage {
    /// The transfers that carry `message`, each with at most `maxTransferSize` payload bytes, a fresh tag from
    /// `tags`, and EOM set only on the last. An empty message gives no transfers (USBTMC forbids a zero
    /// TransferSize in a `DEV_DEP_MSG_OUT`). A `maxTransferSize` below 1 is treated as 1.
    public static func transfers(for message: [UInt8], maxTransferSize: Int,
                                 tags: inout USBTMCTagSequence) -> [USBTMCOutTransfer] {
        let chunk = min(max(1, maxTransferSize), Int(UInt32.max))
        var transfers: [USBTMCOutTransfer] = []
        transfers.reserveCapacity((message.count + chunk - 1) / chunk)
        var start = 0
        while start < message.count {
            let end = min(start + chunk, message.count)
            let isLast = end == message.count
            let tag = tags.next()
            let header = USBTMCBulkOutHeader.devDepMsgOut(tag: tag, transferSize: UInt32(end - start),
                                                          endOfMessage: isLast)
            transfers.append(USBTMCOutTransfer(tag: tag, isEndOfMessage: isLast, payloadCount: end - start,
                                               bytes: header.encode(payload: message[start..<end])))
            start = end
        }
        return transfers
    }
}
