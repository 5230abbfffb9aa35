/// The code in a Modbus exception reply (function code | 0x80, then this code).
///
/// Known codes have names; any other byte is kept as is.
public struct ModbusExceptionCode: RawRepresentable, Sendable, Hashable, CustomStringConvertible {
    /// The code byte.
    public var rawValue: UInt8

    /// Wraps a code byte.
    public init(rawValue: UInt8) {
        self.rawValue = rawValue
    }

    /// 1: the server does not support the function.
    public static let illegalFunction = ModbusExceptionCode(rawValue: 1)
    /// 2: the register address (or range) does not exist.
    public static let illegalDataAddress = ModbusExceptionCode(rawValue: 2)
    /// 3: a value in the request is not allowed (quantity, byte count, register value).
    public static let illegalDataValue = ModbusExceptionCode(rawValue: 3)
    /// 4: the server failed while performing the request.
    public static let serverDeviceFailure = ModbusExceptionCode(rawValue: 4)
    /// 5: accepted, will take long.
    public static let acknowledge = ModbusExceptionCode(rawValue: 5)
    /// 6: the server is busy; retry later.
    public static let serverDeviceBusy = ModbusExceptionCode(rawValue: 6)
    /// 7: negative acknowledge.
    public static let negativeAcknowledge = ModbusExceptionCode(rawValue: 7)
    /// 8: memory parity error.
    public static let memoryParityError = ModbusExceptionCode(rawValue: 8)
    /// 10: gateway path unavailable.
    public static let gatewayPathUnavailable = ModbusExceptionCode(rawValue: 10)
    /// 11: gateway target device failed to respond.
    public static let gatewayTargetFailedToRespond = ModbusExceptionCode(rawValue: 11)

    /// The name of the code, e.g. `illegal data address`; `unknown exception code` for others.
    public var name: String {
        switch rawValue {
        case 1: "illegal function"
        case 2: "illegal data address"
        case 3: "illegal data value"
        case 4: "server device failure"
        case 5: "acknowledge"
        case 6: "server device busy"
        case 7: "negative acknowledge"
        case 8: "memory parity error"
        case 10: "gateway path unavailable"
        case 11: "gateway target device failed to respond"
        default: "unknown exception code"
        }
    }

    /// Number and name, e.g. `2 (illegal data address)`.
    public var description: String { "\(rawValue) (\(name))" }
}

/// The Modbus function codes this station speaks (holding registers only, as ChamberConnectLibrary).
public enum ModbusFunctionCode: UInt8, Sendable, Hashable, CaseIterable, CustomStringConvertible {
    /// 3: read holding registers.
    case readHoldingRegisters = 3
    /// 6: write a single register.
    case writeSingleRegister = 6
    /// 16: write multiple registers.
    case writeMultipleRegisters = 16

    /// Number and name, e.g. `3 (read holding registers)`.
    public var description: String {
        switch self {
        case .readHoldingRegisters: "3 (read holding registers)"
        case .writeSingleRegister: "6 (write single register)"
        case .writeMultipleRegisters: "16 (write multiple registers)"
        }
    }

    /// The description of any function byte, named when known.
    static func describe(_ byte: UInt8) -> String {
        if let known = ModbusFunctionCode(rawValue: byte) { return known.description }
        if byte & 0x80 != 0, let known = ModbusFunctionCode(rawValue: byte & 0x7F) {
            return "\(byte) (exception reply to \(known))"
        }
        return "\(byte)"
    }
}
