/// `Device_Error` (VXI-11 rev 1.0, DEVICE_CORE RPCL): the result of device_clear, device_lock, device_unlock,
/// destroy_link and the other procedures that return only an error code.
public struct VXI11DeviceError: Sendable, Equatable, XDRCodable {
    /// The outcome.
    public var error: VXI11ErrorCode

    /// Creates the result.
    public init(error: VXI11ErrorCode) { self.error = error }

    /// Appends the code.
    public func encode(into writer: inout XDRWriter) { writer.int32(error.rawValue) }

    /// Decodes the code.
    public init(from reader: inout XDRReader) throws(XDRError) {
        error = VXI11ErrorCode(rawValue: try reader.int32("error"))
    }
}
