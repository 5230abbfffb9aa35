import StationLinks

/// A USBTMC frame or control reply that breaks the specification, with the offending bytes in hex.
public enum USBTMCFramingError: Error, CustomStringConvertible, Sendable, Equatable {
    /// A Bulk-IN transfer shorter than the 12-byte header.
    case truncatedFrame(bytes: [UInt8])
    /// A Bulk-IN header whose MsgID is not 2 (`DEV_DEP_MSG_IN`).
    case unexpectedMessageID(UInt8, bytes: [UInt8])
    /// A reply carrying another bTag than the request it answers (a stale reply from an earlier request).
    case tagMismatch(expected: UInt8, received: UInt8, bytes: [UInt8])
    /// Byte 2 is not the one's complement of byte 1.
    case tagInverseMismatch(tag: UInt8, inverse: UInt8, bytes: [UInt8])
    /// The reply announces more data than the request allowed.
    case oversizedTransferSize(announced: UInt32, requested: UInt32, bytes: [UInt8])
    /// A control-request reply shorter than the specification's wLength.
    case shortControlReply(request: String, expected: Int, bytes: [UInt8])

    /// The bytes that were rejected.
    public var bytes: [UInt8] {
        switch self {
        case .truncatedFrame(let bytes), .unexpectedMessageID(_, let bytes), .tagMismatch(_, _, let bytes),
             .tagInverseMismatch(_, _, let bytes), .oversizedTransferSize(_, _, let bytes),
             .shortControlReply(_, _, let bytes):
            return bytes
        }
    }

    /// What went wrong, for a lab technician, with the offending bytes in hex.
    public var description: String {
        let shown = "received \(bytes.count) byte(s): \(HexDump.render(bytes))"
        switch self {
        case .truncatedFrame:
            return "USBTMC Bulk-IN transfer is a truncated frame: a reply needs a 12-byte header; \(shown)"
        case .unexpectedMessageID(let id, _):
            return "USBTMC Bulk-IN header has MsgID \(Self.hex(id)), expected 0x02 (DEV_DEP_MSG_IN); \(shown)"
        case .tagMismatch(let expected, let received, _):
            return "USBTMC reply carries bTag \(Self.hex(received)) but the request used bTag \(Self.hex(expected))"
                + " (a stale reply to an earlier request; clear the device); \(shown)"
        case .tagInverseMismatch(let tag, let inverse, _):
            return "USBTMC header byte 2 is \(Self.hex(inverse)), expected \(Self.hex(~tag)), the inverse of bTag"
                + " \(Self.hex(tag)); \(shown)"
        case .oversizedTransferSize(let announced, let requested, _):
            return "USBTMC reply announces an oversized TransferSize of \(announced) bytes but at most \(requested)"
                + " were requested; \(shown)"
        case .shortControlReply(let request, let expected, _):
            return "USBTMC \(request) reply must be \(expected) bytes long; \(shown)"
        }
    }

    static func hex(_ byte: UInt8) -> String {
        "0x" + (byte < 0x10 ? "0" : "") + String(byte, radix: 16, uppercase: true)
    }
}
