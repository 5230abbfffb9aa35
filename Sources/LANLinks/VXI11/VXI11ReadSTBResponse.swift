/// device_readstb's result, `Device_ReadStbResp` (VXI-11 rev 1.0, DEVICE_CORE RPCL): the error and the status byte.
public struct VXI11ReadSTBResponse: Sendable, Equatable, XDRCodable {
    /// The outcome.
    public var error: VXI11ErrorCode
    /// The IEEE 488.2 status byte.
    public var statusByte: UInt8

    /// Creates the result.
    public init(error: VXI11ErrorCode, statusByte: UInt8) {
        self.error = error
        self.statusByte = statusByte
    }

    /// Appends the code and the status byte (as an unsigned int).
    public func encode(into writer: inout XDRWriter) {
        writer.int32(error.rawValue)
        writer.uint32(UInt32(statusByte))
    }

    /// Decodes the code and the status byte.
    public init(from reader: inout XDRReader) throws(XDRError) {
        error = VXI11ErrorCode(rawValue: try reader.int32("error"))
        statusByte = UInt8(truncatingIfNeeded: try reader.uint32("stb"))
    }
}
