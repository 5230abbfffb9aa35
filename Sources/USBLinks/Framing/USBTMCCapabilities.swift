/// The `GET_CAPABILITIES` reply (0x18 bytes, USBTMC 1.0 Table 37 and USB488 Table 8).
///
/// | byte | content |
/// |---|---|
/// | 0 | status |
/// | 2–3 | bcdUSBTMC |
/// | 4 | interface: bit 2 INDICATOR_PULSE, bit 1 talk-only, bit 0 listen-only |
/// | 5 | device: bit 0 TermChar |
/// | 12–13 | bcdUSB488 |
/// | 14 | USB488 interface: bit 2 IEEE 488.2, bit 1 REN/GTL/LLO, bit 0 TRIGGER |
/// | 15 | USB488 device: bit 3 SCPI, bit 2 SR1, bit 1 RL1, bit 0 DT1 |
///
/// The USB488 bits are in bytes 14 and 15. python-usbtmc reads them from byte 4, which is wrong; pyvisa-py and
/// the Linux driver read bytes 14 and 15.
public struct USBTMCCapabilities: Sendable, Equatable, Codable {
    /// Length of the reply.
    public static let replyLength = 0x18

    /// Byte 0 of the reply; the other fields are meaningful only when it is ``USBTMCStatus/success``.
    public var status: UInt8
    /// bcdUSBTMC, e.g. 0x0100 for USBTMC 1.00.
    public var bcdUSBTMC: UInt16
    /// The interface accepts `INDICATOR_PULSE`.
    public var acceptsIndicatorPulse: Bool
    /// The interface is talk-only (never accepts a device-dependent message).
    public var isTalkOnly: Bool
    /// The interface is listen-only (never sends a device-dependent message).
    public var isListenOnly: Bool
    /// The device honours TermChar in `REQUEST_DEV_DEP_MSG_IN`.
    public var supportsTermChar: Bool
    /// bcdUSB488, 0 for a plain USBTMC interface.
    public var bcdUSB488: UInt16
    /// The interface is IEEE 488.2 (USB488) compliant.
    public var isIEEE4882: Bool
    /// The interface accepts `REN_CONTROL`, `GO_TO_LOCAL` and `LOCAL_LOCKOUT`.
    public var acceptsRemoteLocal: Bool
    /// The interface accepts the `TRIGGER` Bulk-OUT message.
    public var acceptsTrigger: Bool
    /// The device understands all mandatory SCPI commands.
    public var understandsSCPI: Bool
    /// The device has SR1 (service request) capability.
    public var hasServiceRequest: Bool
    /// The device has RL1 (remote/local) capability.
    public var hasRemoteLocal: Bool
    /// The device has DT1 (device trigger) capability.
    public var hasDeviceTrigger: Bool

    /// The reply status as a ``USBTMCStatus``.
    public var replyStatus: USBTMCStatus {
        USBTMCStatus(rawValue: status)
    }

    /// Decodes a `GET_CAPABILITIES` reply; throws when it is shorter than 0x18 bytes.
    public static func decode(_ bytes: [UInt8]) throws(USBTMCFramingError) -> USBTMCCapabilities {
        guard bytes.count >= replyLength else {
            throw .shortControlReply(request: USBTMCRequestCode.getCapabilities.description, expected: replyLength,
                                     bytes: bytes)
        }
        return USBTMCCapabilities(
            status: bytes[0],
            bcdUSBTMC: UInt16(bytes[2]) | UInt16(bytes[3]) << 8,
            acceptsIndicatorPulse: bytes[4] & 0x04 != 0,
            isTalkOnly: bytes[4] & 0x02 != 0,
            isListenOnly: bytes[4] & 0x01 != 0,
            supportsTermChar: bytes[5] & 0x01 != 0,
            bcdUSB488: UInt16(bytes[12]) | UInt16(bytes[13]) << 8,
            isIEEE4882: bytes[14] & 0x04 != 0,
            acceptsRemoteLocal: bytes[14] & 0x02 != 0,
            acceptsTrigger: bytes[14] & 0x01 != 0,
            understandsSCPI: bytes[15] & 0x08 != 0,
            hasServiceRequest: bytes[15] & 0x04 != 0,
            hasRemoteLocal: bytes[15] & 0x02 != 0,
            hasDeviceTrigger: bytes[15] & 0x01 != 0)
    }
}
