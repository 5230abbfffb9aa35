/// A VXI-11 `Device_ErrorCode` (VXI-11 rev 1.0, its table of error codes), as every core-channel reply carries it.
public struct VXI11ErrorCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The code on the wire.
    public var rawValue: Int32

    /// Creates a code from its wire value.
    public init(rawValue: Int32) { self.rawValue = rawValue }

    /// 0: no error.
    public static let noError = VXI11ErrorCode(rawValue: 0)
    /// 1: syntax error.
    public static let syntaxError = VXI11ErrorCode(rawValue: 1)
    /// 3: device not accessible (no such device name).
    public static let deviceNotAccessible = VXI11ErrorCode(rawValue: 3)
    /// 4: invalid link identifier.
    public static let invalidLink = VXI11ErrorCode(rawValue: 4)
    /// 5: parameter error.
    public static let parameterError = VXI11ErrorCode(rawValue: 5)
    /// 6: channel not established.
    public static let channelNotEstablished = VXI11ErrorCode(rawValue: 6)
    /// 8: operation not supported.
    public static let operationNotSupported = VXI11ErrorCode(rawValue: 8)
    /// 9: out of resources.
    public static let outOfResources = VXI11ErrorCode(rawValue: 9)
    /// 11: device locked by another link.
    public static let deviceLocked = VXI11ErrorCode(rawValue: 11)
    /// 12: no lock held by this link.
    public static let noLockHeld = VXI11ErrorCode(rawValue: 12)
    /// 15: I/O timeout.
    public static let ioTimeout = VXI11ErrorCode(rawValue: 15)
    /// 17: I/O error.
    public static let ioError = VXI11ErrorCode(rawValue: 17)
    /// 21: invalid address.
    public static let invalidAddress = VXI11ErrorCode(rawValue: 21)
    /// 23: abort.
    public static let abort = VXI11ErrorCode(rawValue: 23)
    /// 29: channel already established.
    public static let channelAlreadyEstablished = VXI11ErrorCode(rawValue: 29)

    /// The specification's name for the code, with its number.
    public var description: String {
        let names: [Int32: String] = [
            0: "no error", 1: "syntax error", 3: "device not accessible", 4: "invalid link identifier",
            5: "parameter error", 6: "channel not established", 8: "operation not supported",
            9: "out of resources", 11: "device locked by another link", 12: "no lock held by this link",
            15: "I/O timeout", 17: "I/O error", 21: "invalid address", 23: "abort",
            29: "channel already established",
        ]
        return "\(names[rawValue] ?? "unknown error") (VXI-11 error \(rawValue))"
    }
}
