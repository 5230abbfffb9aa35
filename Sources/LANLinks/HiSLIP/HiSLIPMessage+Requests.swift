/// Builders and readers for the HiSLIP messages of IVI-6.1 rev 2.0 message descriptions that this project sends and serves.
extension HiSLIPMessage {
    /// The protocol version this codec speaks, 1.0 (upper byte major, lower byte minor).
    public static let protocolVersion: UInt16 = 0x0100
    /// The default TCP port of HiSLIP servers.
    public static let defaultPort: UInt16 = 4880

    /// Initialize (Initialize transaction): version and 2-byte vendor id in the parameter, the sub-address (e.g. `hislip0`) as payload.
    public static func initialize(vendorID: UInt16 = 0x5153, subAddress: String) -> HiSLIPMessage {
        HiSLIPMessage(.initialize, parameter: UInt32(protocolVersion) << 16 | UInt32(vendorID),
                      payload: Array(subAddress.utf8))
    }

    /// InitializeResponse (Initialize transaction): overlap mode in the control code, server version and session id in the parameter.
    public static func initializeResponse(overlapped: Bool, sessionID: UInt16) -> HiSLIPMessage {
        HiSLIPMessage(.initializeResponse, controlCode: overlapped ? 1 : 0,
                      parameter: UInt32(protocolVersion) << 16 | UInt32(sessionID))
    }

    /// AsyncInitialize (AsyncInitialize transaction): the session id from InitializeResponse.
    public static func asyncInitialize(sessionID: UInt16) -> HiSLIPMessage {
        HiSLIPMessage(.asyncInitialize, parameter: UInt32(sessionID))
    }

    /// AsyncInitializeResponse (AsyncInitialize transaction): the server's vendor id.
    public static func asyncInitializeResponse(vendorID: UInt16 = 0x5153) -> HiSLIPMessage {
        HiSLIPMessage(.asyncInitializeResponse, parameter: UInt32(vendorID))
    }

    /// Data or DataEnd (Data and DataEnd): RMT-delivered in the control code, the message id as the parameter.
    public static func data(_ bytes: [UInt8], messageID: UInt32, end: Bool, rmtDelivered: Bool = false) -> HiSLIPMessage {
        HiSLIPMessage(end ? .dataEnd : .data, controlCode: rmtDelivered ? 1 : 0, parameter: messageID, payload: bytes)
    }

    /// AsyncLock requesting the lock (AsyncLock transaction): timeout in milliseconds; an empty lock string asks for the
    /// exclusive lock, any other string for the shared lock of that name.
    public static func asyncLockRequest(timeoutMilliseconds: UInt32, sharedName: String? = nil) -> HiSLIPMessage {
        HiSLIPMessage(.asyncLock, controlCode: 1, parameter: timeoutMilliseconds, payload: Array((sharedName ?? "").utf8))
    }

    /// AsyncLock releasing the lock (AsyncLock transaction): the id of the last message sent.
    public static func asyncLockRelease(lastMessageID: UInt32) -> HiSLIPMessage {
        HiSLIPMessage(.asyncLock, controlCode: 0, parameter: lastMessageID)
    }

    /// AsyncLockResponse (AsyncLock transaction).
    public static func asyncLockResponse(_ result: HiSLIPLockResult) -> HiSLIPMessage {
        HiSLIPMessage(.asyncLockResponse, controlCode: result.rawValue)
    }

    /// AsyncDeviceClear (device clear transaction).
    public static let asyncDeviceClear = HiSLIPMessage(.asyncDeviceClear)

    /// AsyncDeviceClearAcknowledge (device clear transaction): the server's preferred features (bit 0 overlapped).
    public static func asyncDeviceClearAcknowledge(features: UInt8) -> HiSLIPMessage {
        HiSLIPMessage(.asyncDeviceClearAcknowledge, controlCode: features)
    }

    /// DeviceClearComplete (device clear transaction), on the synchronous channel: the features the client asks for.
    public static func deviceClearComplete(features: UInt8) -> HiSLIPMessage {
        HiSLIPMessage(.deviceClearComplete, controlCode: features)
    }

    /// DeviceClearAcknowledge (device clear transaction): the features in effect.
    public static func deviceClearAcknowledge(features: UInt8) -> HiSLIPMessage {
        HiSLIPMessage(.deviceClearAcknowledge, controlCode: features)
    }

    /// AsyncMaximumMessageSize and its response (AsyncMaximumMessageSize transaction): an 8-byte big-endian size as payload.
    public static func maximumMessageSize(_ size: UInt64, response: Bool) -> HiSLIPMessage {
        var payload: [UInt8] = []
        for shift in stride(from: 56, through: 0, by: -8) { payload.append(UInt8(truncatingIfNeeded: size >> UInt64(shift))) }
        return HiSLIPMessage(response ? .asyncMaximumMessageSizeResponse : .asyncMaximumMessageSize, payload: payload)
    }

    /// The 8-byte size of an AsyncMaximumMessageSize message or response, `nil` when the payload is not 8 bytes.
    public var maximumMessageSize: UInt64? {
        guard payload.count == 8 else { return nil }
        return payload.reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }

    /// Error or FatalError (errors): an error code and a message.
    public static func error(code: UInt8, message: String, fatal: Bool) -> HiSLIPMessage {
        HiSLIPMessage(fatal ? .fatalError : .error, controlCode: code, payload: Array(message.utf8))
    }
}
