/// A Modbus RTU request for holding registers (functions 3, 6 and 16), validated when created.
///
/// Frames are `unit, function, big-endian fields, CRC (low byte first)`:
/// - read holding registers: `unit 03 start count CRC` (count 1…125)
/// - write single register: `unit 06 register value CRC`
/// - write multiple registers: `unit 10 start count byteCount values… CRC` (count 1…123)
public struct ModbusRequest: Sendable, Hashable, CustomStringConvertible {
    /// What the request asks for.
    public enum Operation: Sendable, Hashable {
        /// Read `count` registers from `start` (function 3).
        case readHoldingRegisters(start: UInt16, count: Int)
        /// Write `value` to `register` (function 6).
        case writeSingleRegister(register: UInt16, value: UInt16)
        /// Write `values` to consecutive registers from `start` (function 16).
        case writeMultipleRegisters(start: UInt16, values: [UInt16])
    }

    /// Unit (slave) addresses that answer: 1…247. Broadcast (0) gets no reply and is not used.
    public static let unitRange: ClosedRange<UInt8> = 1...247
    /// Registers one read may ask for.
    public static let readCountRange = 1...125
    /// Registers one multiple write may carry.
    public static let writeCountRange = 1...123
    /// The length of an exception reply: unit, function | 0x80, code, CRC.
    public static let exceptionResponseLength = 5

    /// The unit address.
    public let unit: UInt8
    /// What is asked.
    public let operation: Operation

    /// Creates a request, checking the unit address, register counts and that the registers stay within
    /// 0…65535.
    /// - Throws: `ModbusError.invalidArgument` naming the value that does not fit.
    public init(unit: UInt8, operation: Operation) throws(ModbusError) {
        guard Self.unitRange.contains(unit) else {
            throw .invalidArgument(reason: "unit address \(unit) is outside 1…247")
        }
        switch operation {
        case .readHoldingRegisters(let start, let count):
            guard Self.readCountRange.contains(count) else {
                throw .invalidArgument(reason: "a read asks for 1…125 registers, not \(count)")
            }
            try Self.checkSpan(start: start, count: count)
        case .writeSingleRegister:
            break
        case .writeMultipleRegisters(let start, let values):
            guard Self.writeCountRange.contains(values.count) else {
                throw .invalidArgument(reason: "a multiple write carries 1…123 registers, not \(values.count)")
            }
            try Self.checkSpan(start: start, count: values.count)
        }
        self.unit = unit
        self.operation = operation
    }

    /// A read of `count` holding registers from `start` (function 3).
    public static func readHoldingRegisters(unit: UInt8, start: UInt16, count: Int) throws(ModbusError)
        -> ModbusRequest
    {
        try ModbusRequest(unit: unit, operation: .readHoldingRegisters(start: start, count: count))
    }

    /// A write of one register (function 6).
    public static func writeSingleRegister(unit: UInt8, register: UInt16, value: UInt16) throws(ModbusError)
        -> ModbusRequest
    {
        try ModbusRequest(unit: unit, operation: .writeSingleRegister(register: register, value: value))
    }

    /// A write of consecutive registers from `start` (function 16).
    public static func writeMultipleRegisters(unit: UInt8, start: UInt16, values: [UInt16]) throws(ModbusError)
        -> ModbusRequest
    {
        try ModbusRequest(unit: unit, operation: .writeMultipleRegisters(start: start, values: values))
    }

    private static func checkSpan(start: UInt16, count: Int) throws(ModbusError) {
        guard Int(start) + count - 1 <= Int(UInt16.max) else {
            throw .invalidArgument(reason: "\(count) registers from \(start) run past register 65535")
        }
    }

    /// The function code.
    public var function: ModbusFunctionCode {
        switch operation {
        case .readHoldingRegisters: .readHoldingRegisters
        case .writeSingleRegister: .writeSingleRegister
        case .writeMultipleRegisters: .writeMultipleRegisters
        }
    }

    /// The frame to send, CRC included.
    public func encode() -> [UInt8] {
        var frame: [UInt8] = [unit, function.rawValue]
        switch operation {
        case .readHoldingRegisters(let start, let count):
            Self.appendWord(start, to: &frame)
            Self.appendWord(UInt16(count), to: &frame)
        case .writeSingleRegister(let register, let value):
            Self.appendWord(register, to: &frame)
            Self.appendWord(value, to: &frame)
        case .writeMultipleRegisters(let start, let values):
            Self.appendWord(start, to: &frame)
            Self.appendWord(UInt16(values.count), to: &frame)
            frame.append(UInt8(values.count * 2))
            for value in values { Self.appendWord(value, to: &frame) }
        }
        return ModbusCRC.appendingCRC(to: frame)
    }

    /// The length of a normal reply: 5 + 2 × count for a read, 8 for writes. An exception reply is
    /// `exceptionResponseLength` bytes.
    public var expectedResponseLength: Int {
        switch operation {
        case .readHoldingRegisters(_, let count): 5 + 2 * count
        case .writeSingleRegister, .writeMultipleRegisters: 8
        }
    }

    /// How many more bytes complete the reply of which `received` is the start: 5 until the function byte
    /// and byte count are known, then the rest of a normal or exception reply. 0 when complete.
    public func responseBytesStillNeeded(_ received: [UInt8]) -> Int {
        guard received.count >= Self.exceptionResponseLength else {
            return Self.exceptionResponseLength - received.count
        }
        let total: Int
        if received[1] & 0x80 != 0 {
            total = Self.exceptionResponseLength
        } else if received[1] == ModbusFunctionCode.readHoldingRegisters.rawValue {
            total = 5 + Int(received[2])
        } else {
            total = expectedResponseLength
        }
        return max(0, total - received.count)
    }

    /// A readable line, e.g. `read 2 holding registers from 100 at unit 1`.
    public var description: String {
        switch operation {
        case .readHoldingRegisters(let start, let count):
            "read \(count) holding register\(count == 1 ? "" : "s") from \(start) at unit \(unit)"
        case .writeSingleRegister(let register, let value):
            "write \(value) to register \(register) at unit \(unit)"
        case .writeMultipleRegisters(let start, let values):
            "write \(values.count) register\(values.count == 1 ? "" : "s") from \(start) at unit \(unit): "
                + values.map(String.init).joined(separator: ",")
        }
    }

    // MARK: - Server side

    /// Decodes a received request frame (for simulators).
    ///
    /// - Throws: `ModbusError.truncated` when shorter than its function needs, `.malformed` for extra bytes or
    ///   a unit address outside 1…247, `.crcMismatch` (a server stays silent), or `.requestRejected` with the
    ///   exception code to reply with: 1 for a function other than 3/6/16, 3 for a bad count or byte count,
    ///   2 for registers past 65535.
    public static func decode(_ frame: [UInt8]) throws(ModbusError) -> ModbusRequest {
        guard frame.count >= 4 else { throw .truncated(expectedLength: 8, frame: frame) }
        let unit = frame[0]
        let functionByte = frame[1]
        guard let function = ModbusFunctionCode(rawValue: functionByte) else {
            try ModbusCRC.check(frame)
            throw .requestRejected(
                unit: unit, function: functionByte, code: .illegalFunction,
                reason: "function \(functionByte) is not supported (only 3, 6 and 16)", frame: frame)
        }
        let expectedLength: Int
        switch function {
        case .readHoldingRegisters, .writeSingleRegister:
            expectedLength = 8
        case .writeMultipleRegisters:
            expectedLength = frame.count >= 7 ? 9 + Int(frame[6]) : 9
        }
        guard frame.count >= expectedLength else { throw .truncated(expectedLength: expectedLength, frame: frame) }
        guard frame.count == expectedLength else {
            throw .malformed(reason: "\(frame.count - expectedLength) bytes after the end of the request", frame: frame)
        }
        try ModbusCRC.check(frame)
        guard unitRange.contains(unit) else {
            throw .malformed(reason: "unit address \(unit) is outside 1…247", frame: frame)
        }
        let first = word(frame, at: 2)
        let second = word(frame, at: 4)
        func reject(_ code: ModbusExceptionCode, _ reason: String) -> ModbusError {
            .requestRejected(unit: unit, function: functionByte, code: code, reason: reason, frame: frame)
        }
        switch function {
        case .readHoldingRegisters:
            let count = Int(second)
            guard readCountRange.contains(count) else {
                throw reject(.illegalDataValue, "count \(count) is outside 1…125")
            }
            guard Int(first) + count - 1 <= Int(UInt16.max) else {
                throw reject(.illegalDataAddress, "\(count) registers from \(first) run past 65535")
            }
            return try ModbusRequest(unit: unit, operation: .readHoldingRegisters(start: first, count: count))
        case .writeSingleRegister:
            return try ModbusRequest(unit: unit, operation: .writeSingleRegister(register: first, value: second))
        case .writeMultipleRegisters:
            let count = Int(second)
            guard writeCountRange.contains(count) else {
                throw reject(.illegalDataValue, "count \(count) is outside 1…123")
            }
            guard Int(frame[6]) == 2 * count else {
                throw reject(.illegalDataValue, "byte count \(frame[6]) does not match \(count) registers")
            }
            guard Int(first) + count - 1 <= Int(UInt16.max) else {
                throw reject(.illegalDataAddress, "\(count) registers from \(first) run past 65535")
            }
            let values = (0..<count).map { word(frame, at: 7 + 2 * $0) }
            return try ModbusRequest(unit: unit, operation: .writeMultipleRegisters(start: first, values: values))
        }
    }

    static func appendWord(_ word: UInt16, to frame: inout [UInt8]) {
        frame.append(UInt8(word >> 8))
        frame.append(UInt8(word & 0xFF))
    }

    static func word(_ frame: [UInt8], at index: Int) -> UInt16 {
        UInt16(frame[index]) << 8 | UInt16(frame[index + 1])
    }
}
