import InstrumentProtocols

extension SCPISession {
    /// Reads the standard event status register (`*ESR?`, which clears it) and returns whether its power-on bit
    /// (bit 7, PON, 128) is set: the instrument was switched on or rebooted since the register was last read or
    /// cleared (`*CLS`). Reading clears the bit, so a reply lost on the way (and retried) loses it too: callers
    /// also read back their key settings rather than rely on the bit alone.
    public func powerOnSinceLastCheck() async throws -> Bool {
        let register = try await query("*ESR?") { reply in
            guard let value = Int(reply), (0...255).contains(value) else {
                throw ReplyParseError(command: "*ESR?", expected: "a register value 0…255", reply: reply)
            }
            return value
        }
        return UInt8(register) & SCPIStatusRegisters.Event.powerOn != 0
    }
}
