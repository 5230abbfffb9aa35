/// A Modbus RTU frame that cannot be used, or an exception the server reported.
///
/// Frame-carrying cases show the frame in hex, e.g.
/// `Modbus CRC mismatch: frame ends in 84 0B, its contents give 84 0A; frame 01 03 00 00 00 01 84 0B`.
public enum ModbusError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The CRC in the frame's last two bytes (`received`) is not the CRC of its contents (`expected`).
    case crcMismatch(expected: UInt16, received: UInt16, frame: [UInt8])
    /// The frame is shorter than its function requires.
    case truncated(expectedLength: Int, frame: [UInt8])
    /// The server answered with an exception to `function`.
    case exception(function: UInt8, code: ModbusExceptionCode)
    /// The reply came from another unit address than the one asked.
    case unexpectedUnit(expected: UInt8, received: UInt8, frame: [UInt8])
    /// The reply carries another function code than the request.
    case unexpectedFunction(expected: UInt8, received: UInt8, frame: [UInt8])
    /// The frame is structurally wrong (length, byte count, echoed fields).
    case malformed(reason: String, frame: [UInt8])
    /// Server side: an intact request (good CRC) the server must refuse with exception `code`.
    case requestRejected(unit: UInt8, function: UInt8, code: ModbusExceptionCode, reason: String, frame: [UInt8])
    /// A request or setting that cannot be encoded (unit address, register count, baud rate).
    case invalidArgument(reason: String)

    /// A sentence naming the problem, with the frame in hex.
    public var description: String {
        switch self {
        case .crcMismatch(let expected, let received, let frame):
            let expectedBytes = ByteRendering.hex([UInt8(expected & 0xFF), UInt8(expected >> 8)])
            let receivedBytes = ByteRendering.hex([UInt8(received & 0xFF), UInt8(received >> 8)])
            return "Modbus CRC mismatch: frame ends in \(receivedBytes), its contents give \(expectedBytes); "
                + "frame \(ByteRendering.hex(frame))"
        case .truncated(let expectedLength, let frame):
            return "Modbus frame truncated: \(frame.count) bytes received, \(expectedLength) expected; "
                + "frame \(ByteRendering.hex(frame))"
        case .exception(let function, let code):
            return "Modbus exception \(code) in reply to function \(ModbusFunctionCode.describe(function))"
        case .unexpectedUnit(let expected, let received, let frame):
            return "Modbus reply from unit \(received), expected unit \(expected); frame \(ByteRendering.hex(frame))"
        case .unexpectedFunction(let expected, let received, let frame):
            return "Modbus reply has function \(ModbusFunctionCode.describe(received)), expected "
                + "\(ModbusFunctionCode.describe(expected)); frame \(ByteRendering.hex(frame))"
        case .malformed(let reason, let frame):
            return "malformed Modbus frame: \(reason); frame \(ByteRendering.hex(frame))"
        case .requestRejected(let unit, let function, let code, let reason, let frame):
            return "Modbus request to unit \(unit), function \(ModbusFunctionCode.describe(function)) refused with "
                + "exception \(code): \(reason); frame \(ByteRendering.hex(frame))"
        case .invalidArgument(let reason):
            return "invalid Modbus request: \(reason)"
        }
    }
}
