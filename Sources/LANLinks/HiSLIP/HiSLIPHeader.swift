/// The 16-byte header of every HiSLIP message (IVI-6.1 rev 2.0, message format): the prologue "HS", the message type, the
/// control code, a 32-bit message parameter and a 64-bit payload length, all big-endian.
public struct HiSLIPHeader: Sendable, Equatable {
    /// The header's size in bytes.
    public static let size = 16

    /// The message type.
    public var messageType: HiSLIPMessageType
    /// The control code (meaning depends on the type: RMT-delivered, lock request or release, feature bits).
    public var controlCode: UInt8
    /// The message parameter (message id, session id, timeout, versions, depending on the type).
    public var parameter: UInt32
    /// The length of the payload that follows.
    public var payloadLength: UInt64

    /// Creates a header.
    public init(messageType: HiSLIPMessageType, controlCode: UInt8, parameter: UInt32, payloadLength: UInt64) {
        self.messageType = messageType
        self.controlCode = controlCode
        self.parameter = parameter
        self.payloadLength = payloadLength
    }

    /// The 16 header bytes.
    public func encoded() -> [UInt8] {
        var bytes: [UInt8] = [0x48, 0x53, messageType.rawValue, controlCode]
        bytes.reserveCapacity(Self.size)
        for shift in stride(from: 24, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: parameter >> UInt32(shift))) }
        for shift in stride(from: 56, through: 0, by: -8) { bytes.append(UInt8(truncatingIfNeeded: payloadLength >> UInt64(shift))) }
        return bytes
    }

    /// Decodes the first 16 of `bytes`.
    public init(decoding bytes: ArraySlice<UInt8>) throws(HiSLIPDecodingError) {
        guard bytes.count >= Self.size else { throw .shortHeader(count: bytes.count) }
        let start = bytes.startIndex
        guard bytes[start] == 0x48, bytes[start + 1] == 0x53 else { throw .badPrologue(bytes[start], bytes[start + 1]) }
        messageType = HiSLIPMessageType(rawValue: bytes[start + 2])
        controlCode = bytes[start + 3]
        var parameter: UInt32 = 0
        for index in 4..<8 { parameter = parameter << 8 | UInt32(bytes[start + index]) }
        self.parameter = parameter
        var length: UInt64 = 0
        for index in 8..<16 { length = length << 8 | UInt64(bytes[start + index]) }
        payloadLength = length
    }
}
