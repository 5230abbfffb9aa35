/// `bRequest` codes of the USBTMC and USB488 class control requests.
public enum USBTMCRequestCode: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    /// Abort the Bulk-OUT transfer with a given bTag.
    case initiateAbortBulkOut = 1
    /// Poll an abort of Bulk-OUT.
    case checkAbortBulkOutStatus = 2
    /// Abort the Bulk-IN transfer with a given bTag.
    case initiateAbortBulkIn = 3
    /// Poll an abort of Bulk-IN.
    case checkAbortBulkInStatus = 4
    /// Clear the device's input and output buffers.
    case initiateClear = 5
    /// Poll a clear.
    case checkClearStatus = 6
    /// Read the 0x18-byte capabilities block.
    case getCapabilities = 7
    /// Flash the instrument's activity indicator.
    case indicatorPulse = 64
    /// USB488: read the IEEE 488.2 status byte.
    case readStatusByte = 128
    /// USB488: remote enable on or off.
    case renControl = 160
    /// USB488: go to local.
    case goToLocal = 161
    /// USB488: local lockout.
    case localLockout = 162

    /// The specification's name, e.g. `INITIATE_CLEAR`.
    public var description: String {
        switch self {
        case .initiateAbortBulkOut: return "INITIATE_ABORT_BULK_OUT"
        case .checkAbortBulkOutStatus: return "CHECK_ABORT_BULK_OUT_STATUS"
        case .initiateAbortBulkIn: return "INITIATE_ABORT_BULK_IN"
        case .checkAbortBulkInStatus: return "CHECK_ABORT_BULK_IN_STATUS"
        case .initiateClear: return "INITIATE_CLEAR"
        case .checkClearStatus: return "CHECK_CLEAR_STATUS"
        case .getCapabilities: return "GET_CAPABILITIES"
        case .indicatorPulse: return "INDICATOR_PULSE"
        case .readStatusByte: return "READ_STATUS_BYTE"
        case .renControl: return "REN_CONTROL"
        case .goToLocal: return "GO_TO_LOCAL"
        case .localLockout: return "LOCAL_LOCKOUT"
        }
    }
}

/// A USBTMC class control request (all are device-to-host): the fields of the 8-byte SETUP packet.
public struct USBTMCControlRequest: Sendable, Equatable {
    /// `bmRequestType` of requests addressed to the interface: IN, class, interface.
    public static let interfaceRequestType: UInt8 = 0xA1
    /// `bmRequestType` of requests addressed to an endpoint: IN, class, endpoint.
    public static let endpointRequestType: UInt8 = 0xA2

    /// `bmRequestType`.
    public var requestType: UInt8
    /// `bRequest`.
    public var request: USBTMCRequestCode
    /// `wValue`.
    public var value: UInt16
    /// `wIndex`: the interface number or the endpoint address.
    public var index: UInt16
    /// `wLength`: the reply length.
    public var length: UInt16

    /// Creates a request from its fields.
    public init(requestType: UInt8, request: USBTMCRequestCode, value: UInt16, index: UInt16, length: UInt16) {
        self.requestType = requestType
        self.request = request
        self.value = value
        self.index = index
        self.length = length
    }

    /// `INITIATE_ABORT_BULK_OUT` for the transfer with `tag` on Bulk-OUT endpoint `endpoint`.
    public static func initiateAbortBulkOut(tag: UInt8, endpoint: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: endpointRequestType, request: .initiateAbortBulkOut, value: UInt16(tag),
                             index: UInt16(endpoint), length: 2)
    }

    /// `CHECK_ABORT_BULK_OUT_STATUS` on Bulk-OUT endpoint `endpoint`.
    public static func checkAbortBulkOutStatus(endpoint: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: endpointRequestType, request: .checkAbortBulkOutStatus, value: 0,
                             index: UInt16(endpoint), length: 8)
    }

    /// `INITIATE_ABORT_BULK_IN` for the transfer with `tag` on Bulk-IN endpoint `endpoint` (address with bit 7).
    public static func initiateAbortBulkIn(tag: UInt8, endpoint: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: endpointRequestType, request: .initiateAbortBulkIn, value: UInt16(tag),
                             index: UInt16(endpoint), length: 2)
    }

    /// `CHECK_ABORT_BULK_IN_STATUS` on Bulk-IN endpoint `endpoint`.
    public static func checkAbortBulkInStatus(endpoint: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: endpointRequestType, request: .checkAbortBulkInStatus, value: 0,
                             index: UInt16(endpoint), length: 8)
    }

    /// `INITIATE_CLEAR` on interface `interface`.
    public static func initiateClear(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .initiateClear, value: 0,
                             index: UInt16(interface), length: 1)
    }

    /// `CHECK_CLEAR_STATUS` on interface `interface`.
    public static func checkClearStatus(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .checkClearStatus, value: 0,
                             index: UInt16(interface), length: 2)
    }

    /// `GET_CAPABILITIES` on interface `interface`; the reply is 0x18 bytes.
    public static func getCapabilities(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .getCapabilities, value: 0,
                             index: UInt16(interface), length: UInt16(USBTMCCapabilities.replyLength))
    }

    /// `INDICATOR_PULSE` on interface `interface`.
    public static func indicatorPulse(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .indicatorPulse, value: 0,
                             index: UInt16(interface), length: 1)
    }

    /// USB488 `READ_STATUS_BYTE` with `tag` (2…127, see ``USBTMCStatusTagSequence``) on interface `interface`.
    public static func readStatusByte(tag: UInt8, interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .readStatusByte, value: UInt16(tag),
                             index: UInt16(interface), length: 3)
    }

    /// USB488 `REN_CONTROL`: remote enable on (`enable`) or off.
    public static func renControl(enable: Bool, interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .renControl, value: enable ? 1 : 0,
                             index: UInt16(interface), length: 1)
    }

    /// USB488 `GO_TO_LOCAL`.
    public static func goToLocal(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .goToLocal, value: 0,
                             index: UInt16(interface), length: 1)
    }

    /// USB488 `LOCAL_LOCKOUT`.
    public static func localLockout(interface: UInt8) -> USBTMCControlRequest {
        USBTMCControlRequest(requestType: interfaceRequestType, request: .localLockout, value: 0,
                             index: UInt16(interface), length: 1)
    }

    /// The 8-byte SETUP packet: bmRequestType, bRequest, wValue, wIndex, wLength (16-bit fields little-endian).
    public func setupPacket() -> [UInt8] {
        [
            requestType, request.rawValue,
            UInt8(truncatingIfNeeded: value), UInt8(truncatingIfNeeded: value >> 8),
            UInt8(truncatingIfNeeded: index), UInt8(truncatingIfNeeded: index >> 8),
            UInt8(truncatingIfNeeded: length), UInt8(truncatingIfNeeded: length >> 8),
        ]
    }
}
