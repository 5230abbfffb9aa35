import InstrumentProtocols
import StationConfiguration

/// A JDS Uniphase SB-series 1×N fibre-optic switch (`jdsu-sb`) on a pseudo-terminal, as on its RS-232 port: each
/// command ends with a CR (CR LF, as on GPIB, works too), replies end with CR LF (JDS Uniphase *SB Series User's
/// Manual* SD000153, "Programming Guide"; Simon-Belanger/ULPythonLab `JDS_SB_Switch.py`).
///
/// | line | reply |
/// |---|---|
/// | `IDN?` | `JDSU SB<N>B5-C2FP <serial>`: the part number spells the channel count, as `SB10B5-C2FP` is a 1×10 |
/// | `CLOSE n` | none; closes channel n (0 = no path); outside 0…N it is ignored |
/// | `CLOSE?` | the closed channel, `0` for none |
/// | `OPC?` | `1` (the simulated mechanism has always finished) |
/// | `RESET` | none; back to the power-up state, channel 0 |
///
/// The closed channel is the bench world's switch state, which a simulated reboot returns to output 1 as for the
/// other switch simulators (a real SB powers up on channel 0); the driver reads it back and routes again either way.
/// Like the other simulators it offers as many channels as the station's lane map needs.
struct SimulatedJDSUSB: SimulatedLineInstrument {
    let role = InstrumentRole.switch
    let terminator = LineTerminator.crlf
    let inputEndsOnCarriageReturn = true
    private let channels: Int
    private let identity: String

    /// A 1×`channels` switch whose serial number derives from `seed`.
    init(channels: Int, seed: UInt64) {
        self.channels = channels
        identity = "JDSU SB\(channels)B5-C2FP SN" + SimulatedSerial.digits(seed: seed, role: .switch, count: 7)
    }

    mutating func powerOn(in world: BenchWorld) {}

    mutating func respond(to line: String, in world: inout BenchWorld) -> LineReply? {
        let words = line.uppercased().split(separator: " ").map(String.init)
        switch (words.first, words.count) {
        case ("IDN?", 1): return LineReply(identity)
        case ("OPC?", 1): return LineReply("1")
        case ("CLOSE?", 1): return LineReply(String(world.switchClosed ?? 0))
        case ("RESET", 1): world.switchClosed = nil
        case ("CLOSE", 2):
            guard let channel = Int(words[1]), (0...channels).contains(channel) else { return nil }
            world.switchClosed = channel == 0 ? nil : channel
        default: break
        }
        return nil
    }
}
