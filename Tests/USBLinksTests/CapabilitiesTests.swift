import Testing
@testable import USBLinks

/// GET_CAPABILITIES parsing: interface bits in bytes 4–5, USB488 bits in bytes 14–15 (not byte 4, which is
/// python-usbtmc's mistake).
@Suite("GET_CAPABILITIES")
struct CapabilitiesTests {
    /// A USB488 instrument: USBTMC 1.00, TermChar, USB488 1.00 with 488.2, REN/GTL/LLO and TRIGGER, SCPI, SR1,
    /// RL1 and DT1.
    let usb488Reply: [UInt8] = [
        0x01, 0x00, 0x00, 0x01,  // status SUCCESS, reserved, bcdUSBTMC 0x0100
        0x00, 0x01,  // interface: none; device: TermChar
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
        0x00, 0x01,  // bcdUSB488 0x0100
        0x07, 0x0F,  // 488.2 + REN/GTL/LLO + TRIGGER; SCPI + SR1 + RL1 + DT1
        0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0x00,
    ]

    @Test("a USB488 reply decodes all capability bits")
    func usb488() throws {
        let caps = try USBTMCCapabilities.decode(usb488Reply)
        #expect(caps.replyStatus == .success)
        #expect(caps.bcdUSBTMC == 0x0100)
        #expect(caps.supportsTermChar)
        #expect(!caps.acceptsIndicatorPulse && !caps.isTalkOnly && !caps.isListenOnly)
        #expect(caps.bcdUSB488 == 0x0100)
        #expect(caps.isIEEE4882 && caps.acceptsRemoteLocal && caps.acceptsTrigger)
        #expect(caps.understandsSCPI && caps.hasServiceRequest && caps.hasRemoteLocal && caps.hasDeviceTrigger)
    }

    @Test("byte 4 holds PULSE, talk-only and listen-only, not the USB488 bits")
    func interfaceByte() throws {
        var reply = [UInt8](repeating: 0, count: 0x18)
        reply[0] = 0x01
        reply[4] = 0x07
        let caps = try USBTMCCapabilities.decode(reply)
        #expect(caps.acceptsIndicatorPulse && caps.isTalkOnly && caps.isListenOnly)
        #expect(!caps.isIEEE4882 && !caps.acceptsRemoteLocal && !caps.acceptsTrigger)
        #expect(!caps.supportsTermChar)
    }

    @Test("each USB488 bit is read from its own position", arguments: 0..<8)
    func singleBits(bit: Int) throws {
        var reply = [UInt8](repeating: 0, count: 0x18)
        reply[0] = 0x01
        let byte = bit < 4 ? 14 : 15
        reply[byte] = 1 << UInt8(bit % 4)
        let caps = try USBTMCCapabilities.decode(reply)
        let flags = [caps.acceptsTrigger, caps.acceptsRemoteLocal, caps.isIEEE4882, false,
                     caps.hasDeviceTrigger, caps.hasRemoteLocal, caps.hasServiceRequest, caps.understandsSCPI]
        #expect(flags.enumerated().filter(\.element).map(\.offset) == (bit == 3 ? [] : [bit]))
    }

    @Test("a reply shorter than 0x18 bytes is a typed error")
    func short() {
        let bytes = Array(usb488Reply.prefix(0x17))
        #expect(throws: USBTMCFramingError.shortControlReply(request: "GET_CAPABILITIES", expected: 0x18,
                                                             bytes: bytes)) {
            try USBTMCCapabilities.decode(bytes)
        }
    }

    @Test("a FAILED status is reported")
    func failedStatus() throws {
        var reply = usb488Reply
        reply[0] = 0x80
        #expect(try USBTMCCapabilities.decode(reply).replyStatus == .failed)
    }
}
