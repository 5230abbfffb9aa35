/// A failure reported by a VXI-11 or HiSLIP instrument, or a reply that breaks the protocol: names the host, the
/// device, the protocol and its error code.
public struct LANLinkError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The host as given in the resource string.
    public var host: String
    /// The device name (`inst0`, `hislip0`) or, for the portmapper, the program asked about.
    public var device: String
    /// The protocol that failed.
    public var protocolName: LANProtocol
    /// The operation, e.g. `device_write` or `AsyncLock`.
    public var operation: String
    /// The protocol's error code: a VXI-11 `Device_ErrorCode`, a HiSLIP error or lock response code, an RPC
    /// accept status; `nil` when the reply could not be decoded at all.
    public var code: Int32?
    /// What the code means, or what was wrong with the reply.
    public var detail: String

    /// Creates an error.
    public init(host: String, device: String, protocolName: LANProtocol, operation: String, code: Int32?, detail: String) {
        self.host = host
        self.device = device
        self.protocolName = protocolName
        self.operation = operation
        self.code = code
        self.detail = detail
    }

    /// Whether another controller holds the instrument's lock (VXI-11 error 11, HiSLIP lock failure).
    public var isLockedByAnotherController: Bool {
        (protocolName == .vxi11 && code == VXI11ErrorCode.deviceLocked.rawValue)
            || (protocolName == .hislip && operation == "AsyncLock" && code == Int32(HiSLIPLockResult.failure.rawValue))
    }

    /// One line: host, device, protocol, operation, code and meaning.
    public var description: String {
        let codeText = code.map { " error \($0)" } ?? ""
        var text = "\(host) \(device): \(protocolName.rawValue) \(operation) failed\(codeText): \(detail)"
        if isLockedByAnotherController { text += " — the instrument is locked by another controller" }
        return text
    }
}
