/// One HiSLIP message: a header's type, control code and parameter, and the payload (IVI-6.1 rev 2.0, message format).
public struct HiSLIPMessage: Sendable, Equatable {
    /// The message type.
    public var messageType: HiSLIPMessageType
    /// The control code.
    public var controlCode: UInt8
    /// The message parameter.
    public var parameter: UInt32
    /// The payload.
    public var payload: [UInt8]

    /// Creates a message.
    public init(_ messageType: HiSLIPMessageType, controlCode: UInt8 = 0, parameter: UInt32 = 0, payload: [UInt8] = []) {
        self.messageType = messageType
        self.controlCode = controlCode
        self.parameter = parameter
        self.payload = payload
    }

    /// The header and the payload, ready to send.
    public func encoded() -> [UInt8] {
        let header = HiSLIPHeader(messageType: messageType, controlCode: controlCode, parameter: parameter,
                                  payloadLength: UInt64(payload.count))
        return header.encoded() + payload
    }

    /// The upper 16 bits of the parameter (a protocol version in Initialize and InitializeResponse).
    public var parameterHigh: UInt16 { UInt16(truncatingIfNeeded: parameter >> 16) }
    /// The lower 16 bits of the parameter (a vendor id or a session id).
    public var parameterLow: UInt16 { UInt16(truncatingIfNeeded: parameter) }
}
