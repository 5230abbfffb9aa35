/// The decoded reply to a USBTMC class control request other than `GET_CAPABILITIES`.
///
/// Layouts (USBTMC 1.0 Tables 19–31, USB488 Table 12):
/// - `INITIATE_ABORT_BULK_OUT`/`_IN` (2 bytes): status, bTag being aborted.
/// - `CHECK_ABORT_BULK_OUT_STATUS` (8): status, 3 reserved, NBYTES_RXD u32 LE.
/// - `CHECK_ABORT_BULK_IN_STATUS` (8): status, bmAbortBulkIn (bit 0: data still queued on Bulk-IN), 2 reserved,
///   NBYTES_TXD u32 LE.
/// - `INITIATE_CLEAR` (1): status.
/// - `CHECK_CLEAR_STATUS` (2): status, bmClear (bit 0: data still queued on Bulk-IN).
/// - `READ_STATUS_BYTE` (3): status, bTag, status byte (when there is no Interrupt-IN endpoint).
public struct USBTMCControlReply: Sendable, Equatable {
    /// Byte 0.
    public var status: USBTMCStatus
    /// The bTag echoed by an abort or `READ_STATUS_BYTE` reply.
    public var tag: UInt8?
    /// Whether the instrument still has Bulk-IN data queued that the host must read (CHECK_ABORT_BULK_IN_STATUS,
    /// CHECK_CLEAR_STATUS).
    public var bulkInHasData: Bool
    /// NBYTES_RXD / NBYTES_TXD of a CHECK_ABORT status reply.
    public var byteCount: UInt32?
    /// The IEEE 488.2 status byte of a `READ_STATUS_BYTE` reply.
    public var statusByte: UInt8?

    /// Creates a reply from its fields.
    public init(status: USBTMCStatus, tag: UInt8? = nil, bulkInHasData: Bool = false, byteCount: UInt32? = nil,
                statusByte: UInt8? = nil) {
        self.status = status
        self.tag = tag
        self.bulkInHasData = bulkInHasData
        self.byteCount = byteCount
        self.statusByte = statusByte
    }

    /// Decodes `bytes` as the reply to `request`. Throws when the reply is shorter than the specification's
    /// layout; a reply to `GET_CAPABILITIES` is decoded by ``USBTMCCapabilities/decode(_:)`` instead and here only
    /// its status is read.
    public static func decode(_ bytes: [UInt8], for request: USBTMCRequestCode)
        throws(USBTMCFramingError) -> USBTMCControlReply {
        let needed: Int
        switch request {
        case .initiateAbortBulkOut, .initiateAbortBulkIn, .checkClearStatus: needed = 2
        case .checkAbortBulkOutStatus, .checkAbortBulkInStatus: needed = 8
        case .readStatusByte: needed = 3
        case .initiateClear, .indicatorPulse, .renControl, .goToLocal, .localLockout, .getCapabilities: needed = 1
        }
        guard bytes.count >= needed else {
            throw .shortControlReply(request: request.description, expected: needed, bytes: bytes)
        }
        var reply = USBTMCControlReply(status: USBTMCStatus(rawValue: bytes[0]))
        switch request {
        case .initiateAbortBulkOut, .initiateAbortBulkIn:
            reply.tag = bytes[1]
        case .checkAbortBulkOutStatus, .checkAbortBulkInStatus:
            reply.bulkInHasData = request == .checkAbortBulkInStatus && bytes[1] & 0x01 != 0
            reply.byteCount = UInt32(bytes[4]) | UInt32(bytes[5]) << 8 | UInt32(bytes[6]) << 16
                | UInt32(bytes[7]) << 24
        case .checkClearStatus:
            reply.bulkInHasData = bytes[1] & 0x01 != 0
        case .readStatusByte:
            reply.tag = bytes[1]
            reply.statusByte = bytes[2]
        case .initiateClear, .indicatorPulse, .renControl, .goToLocal, .localLockout, .getCapabilities:
            break
        }
        return reply
    }
}
