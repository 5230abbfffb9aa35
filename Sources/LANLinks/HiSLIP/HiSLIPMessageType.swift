/// A HiSLIP message type (IVI-6.1 rev 2.0, message type table), the third byte of every header.
public struct HiSLIPMessageType: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The byte on the wire.
    public var rawValue: UInt8

    /// Creates a type from its byte.
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    /// 0: Initialize (client to server, synchronous channel).
    public static let initialize = HiSLIPMessageType(rawValue: 0)
    /// 1: InitializeResponse.
    public static let initializeResponse = HiSLIPMessageType(rawValue: 1)
    /// 2: FatalError.
    public static let fatalError = HiSLIPMessageType(rawValue: 2)
    /// 3: Error.
    public static let error = HiSLIPMessageType(rawValue: 3)
    /// 4: AsyncLock.
    public static let asyncLock = HiSLIPMessageType(rawValue: 4)
    /// 5: AsyncLockResponse.
    public static let asyncLockResponse = HiSLIPMessageType(rawValue: 5)
    /// 6: Data (a message continues).
    public static let data = HiSLIPMessageType(rawValue: 6)
    /// 7: DataEnd (the last part of a message, END).
    public static let dataEnd = HiSLIPMessageType(rawValue: 7)
    /// 8: DeviceClearComplete.
    public static let deviceClearComplete = HiSLIPMessageType(rawValue: 8)
    /// 9: DeviceClearAcknowledge.
    public static let deviceClearAcknowledge = HiSLIPMessageType(rawValue: 9)
    /// 10: AsyncRemoteLocalControl.
    public static let asyncRemoteLocalControl = HiSLIPMessageType(rawValue: 10)
    /// 11: AsyncRemoteLocalResponse.
    public static let asyncRemoteLocalResponse = HiSLIPMessageType(rawValue: 11)
    /// 12: Trigger.
    public static let trigger = HiSLIPMessageType(rawValue: 12)
    /// 13: Interrupted.
    public static let interrupted = HiSLIPMessageType(rawValue: 13)
    /// 14: AsyncInterrupted.
    public static let asyncInterrupted = HiSLIPMessageType(rawValue: 14)
    /// 15: AsyncMaximumMessageSize.
    public static let asyncMaximumMessageSize = HiSLIPMessageType(rawValue: 15)
    /// 16: AsyncMaximumMessageSizeResponse.
    public static let asyncMaximumMessageSizeResponse = HiSLIPMessageType(rawValue: 16)
    /// 17: AsyncInitialize.
    public static let asyncInitialize = HiSLIPMessageType(rawValue: 17)
    /// 18: AsyncInitializeResponse.
    public static let asyncInitializeResponse = HiSLIPMessageType(rawValue: 18)
    /// 19: AsyncDeviceClear.
    public static let asyncDeviceClear = HiSLIPMessageType(rawValue: 19)
    /// 20: AsyncServiceRequest.
    public static let asyncServiceRequest = HiSLIPMessageType(rawValue: 20)
    /// 21: AsyncStatusQuery.
    public static let asyncStatusQuery = HiSLIPMessageType(rawValue: 21)
    /// 22: AsyncStatusResponse.
    public static let asyncStatusResponse = HiSLIPMessageType(rawValue: 22)
    /// 23: AsyncDeviceClearAcknowledge.
    public static let asyncDeviceClearAcknowledge = HiSLIPMessageType(rawValue: 23)
    /// 24: AsyncLockInfo.
    public static let asyncLockInfo = HiSLIPMessageType(rawValue: 24)
    /// 25: AsyncLockInfoResponse.
    public static let asyncLockInfoResponse = HiSLIPMessageType(rawValue: 25)

    /// The specification's name, or the number for types this codec does not name.
    public var description: String {
        let names = [
            "Initialize", "InitializeResponse", "FatalError", "Error", "AsyncLock", "AsyncLockResponse", "Data",
            "DataEnd", "DeviceClearComplete", "DeviceClearAcknowledge", "AsyncRemoteLocalControl",
            "AsyncRemoteLocalResponse", "Trigger", "Interrupted", "AsyncInterrupted", "AsyncMaximumMessageSize",
            "AsyncMaximumMessageSizeResponse", "AsyncInitialize", "AsyncInitializeResponse", "AsyncDeviceClear",
            "AsyncServiceRequest", "AsyncStatusQuery", "AsyncStatusResponse", "AsyncDeviceClearAcknowledge",
            "AsyncLockInfo", "AsyncLockInfoResponse",
        ]
        return Int(rawValue) < names.count ? names[Int(rawValue)] : "message type \(rawValue)"
    }
}
