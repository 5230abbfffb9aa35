/// A normal Modbus RTU reply to a holding-register request.
///
/// Clients decode replies against the request they sent with `decode(_:for:)`; simulators build replies
/// with `encode()`, `acknowledging(_:)` and `exceptionFrame(unit:function:code:)`.
public enum ModbusResponse: Sendable, Hashable {
    /// The registers read (function 3).
    case readHoldingRegisters(unit: UInt8, values: [UInt16])
    /// The echo of a single write (function 6).
    case writeSingleRegister(unit: UInt8, register: UInt16, value: UInt16)
    /// The echo of a multiple write (function 16): start and count.
    case writeMultipleRegisters(unit: UInt8, start: UInt16, count: Int)

    /// The unit that answered.
    public var unit: UInt8 {
        switch self {
        case .readHoldingRegisters(let unit, _), .writeSingleRegister(let unit, _, _),
            .writeMultipleRegisters(let unit, _, _):
            unit
        }
    }

    /// The registers read, or nil for a write echo.
    public var registers: [UInt16]? {
        if case .readHoldingRegisters(_, let values) = self { return values }
        return nil
    }

    /// Decodes `frame`, the complete reply to `request`.
    ///
    /// Checks, in order: length (against the function byte and byte count), CRC, unit address, function
    /// code, byte count, and the echoed register/value or start/quantity.
    /// - Throws: `ModbusError.exception` for an exception reply, otherwise `.truncated`, `.crcMismatch`,
    ///   `.unexpectedUnit`, `.unexpectedFunction` or `.malformed`; each shows the frame.
    public static func decode(_ frame: [UInt8], for request: ModbusRequest) throws(ModbusError) -> ModbusResponse {
        let function = request.function.rawValue
        guard frame.count >= ModbusRequest.exceptionResponseLength else {
            let exceptional = frame.count >= 2 && frame[1] & 0x80 != 0
            throw .truncated(
                expectedLength: exceptional ? ModbusRequest.exceptionResponseLength : request.expectedResponseLength,
                frame: frame)
        }
        if frame[1] == function | 0x80 {
            guard frame.count == ModbusRequest.exceptionResponseLength else {
                throw .malformed(reason: "an exception reply has 5 bytes, not \(frame.count)", frame: frame)
            }
            try ModbusCRC.check(frame)
            try checkUnit(frame, request)
            throw .exception(function: function, code: ModbusExceptionCode(rawValue: frame[2]))
        }
        guard frame[1] == function else {
            try ModbusCRC.check(frame)
            throw .unexpectedFunction(expected: function, received: frame[1], frame: frame)
        }
        let length = request.function == .readHoldingRegisters ? 5 + Int(frame[2]) : 8
        guard frame.count >= length else { throw .truncated(expectedLength: length, frame: frame) }
        guard frame.count == length else {
            throw .malformed(reason: "\(frame.count - length) bytes after the end of the reply", frame: frame)
        }
        try ModbusCRC.check(frame)
        try checkUnit(frame, request)
        switch request.operation {
        case .readHoldingRegisters(_, let count):
            guard Int(frame[2]) == 2 * count else {
                throw .malformed(
                    reason: "byte count \(frame[2]) but \(count) register\(count == 1 ? " was" : "s were") requested",
                    frame: frame)
            }
            let values = (0..<count).map { ModbusRequest.word(frame, at: 3 + 2 * $0) }
            return .readHoldingRegisters(unit: frame[0], values: values)
        case .writeSingleRegister(let register, let value):
            let echoedRegister = ModbusRequest.word(frame, at: 2)
            let echoedValue = ModbusRequest.word(frame, at: 4)
            guard echoedRegister == register, echoedValue == value else {
                throw .malformed(
                    reason:
                        "echo says register \(echoedRegister) = \(echoedValue), request wrote \(register) = \(value)",
                    frame: frame)
            }
            return .writeSingleRegister(unit: frame[0], register: register, value: value)
        case .writeMultipleRegisters(let start, let values):
            let echoedStart = ModbusRequest.word(frame, at: 2)
            let echoedCount = Int(ModbusRequest.word(frame, at: 4))
            guard echoedStart == start, echoedCount == values.count else {
                let echoed = "echo says \(echoedCount) registers from \(echoedStart)"
                throw .malformed(reason: echoed + ", request wrote \(values.count) from \(start)", frame: frame)
            }
            return .writeMultipleRegisters(unit: frame[0], start: start, count: echoedCount)
        }
    }

    private static func checkUnit(_ frame: [UInt8], _ request: ModbusRequest) throws(ModbusError) {
        guard frame[0] == request.unit else {
            throw .unexpectedUnit(expected: request.unit, received: frame[0], frame: frame)
        }
    }

    // MARK: - Server side

    /// The reply frame, CRC included.
    /// - Throws: `ModbusError.invalidArgument` when a read reply carries other than 1…125 registers or a
    ///   write echo a count outside 1…123.
    public func encode() throws(ModbusError) -> [UInt8] {
        var frame: [UInt8]
        switch self {
        case .readHoldingRegisters(let unit, let values):
            guard ModbusRequest.readCountRange.contains(values.count) else {
                throw .invalidArgument(reason: "a read reply carries 1…125 registers, not \(values.count)")
            }
            frame = [unit, ModbusFunctionCode.readHoldingRegisters.rawValue, UInt8(values.count * 2)]
            for value in values { ModbusRequest.appendWord(value, to: &frame) }
        case .writeSingleRegister(let unit, let register, let value):
            frame = [unit, ModbusFunctionCode.writeSingleRegister.rawValue]
            ModbusRequest.appendWord(register, to: &frame)
            ModbusRequest.appendWord(value, to: &frame)
        case .writeMultipleRegisters(let unit, let start, let count):
            guard ModbusRequest.writeCountRange.contains(count) else {
                throw .invalidArgument(reason: "a multiple write covers 1…123 registers, not \(count)")
            }
            frame = [unit, ModbusFunctionCode.writeMultipleRegisters.rawValue]
            ModbusRequest.appendWord(start, to: &frame)
            ModbusRequest.appendWord(UInt16(count), to: &frame)
        }
        return ModbusCRC.appendingCRC(to: frame)
    }

    /// The echo a server sends after performing a write request; nil for a read (answer it with
    /// `.readHoldingRegisters`).
    public static func acknowledging(_ request: ModbusRequest) -> ModbusResponse? {
        switch request.operation {
        case .readHoldingRegisters:
            nil
        case .writeSingleRegister(let register, let value):
            .writeSingleRegister(unit: request.unit, register: register, value: value)
        case .writeMultipleRegisters(let start, let values):
            .writeMultipleRegisters(unit: request.unit, start: start, count: values.count)
        }
    }

    /// An exception reply: `unit, function | 0x80, code, CRC`.
    public static func exceptionFrame(unit: UInt8, function: UInt8, code: ModbusExceptionCode) -> [UInt8] {
        ModbusCRC.appendingCRC(to: [unit, function | 0x80, code.rawValue])
    }
}
