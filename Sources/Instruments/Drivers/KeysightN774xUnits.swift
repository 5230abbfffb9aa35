/// The reply to a Keysight N774x's `SENS:POW:UNIT:ALL:CSV?`: one power unit per channel.
///
/// A real meter answers `1,1,1,1,1,1,1,1,\0` and a newline (0 = dBm, 1 = W; a trailing comma, then a NUL before
/// the terminator): shattered97/OSICS_Interface `KeysightPowerMeter.cpp` (`getNumPowerMeterChannels`, "count the
/// tokens minus 1 for <END>") and instruments-audit.md, "keysight-n774x". Counting the fields without dropping
/// the NUL would make an N7745A's 8 channels 9. Unit words (`W`, `DBM`) are accepted as well.
struct KeysightN774xUnits: Sendable, Equatable {
    /// Each channel's unit, in channel order: `true` for W, `false` for dBm.
    let watts: [Bool]

    /// Parses a reply; throws ``ReplyParseError`` naming the field that is no unit.
    init(reply: String) throws {
        let cleaned = reply.unicodeScalars.filter { $0 != "\u{0}" }.map(String.init).joined()
        let fields = cleaned.split(separator: ",", omittingEmptySubsequences: false)
            .map { $0.trimmingCharacters(in: .whitespacesAndNewlines).uppercased() }
        // The trailing comma leaves one empty field at the end; drop empty fields at the end only.
        let trimmed = Array(fields.reversed().drop(while: \.isEmpty).reversed())
        var watts: [Bool] = []
        for field in trimmed {
            switch field {
            case "1", "W", "WATT": watts.append(true)
            case "0", "DBM": watts.append(false)
            default:
                throw ReplyParseError(
                    command: "SENS:POW:UNIT:ALL:CSV?", expected: "a comma-separated list of units (0/DBM, 1/W)",
                    reply: reply)
            }
        }
        guard !watts.isEmpty else {
            throw ReplyParseError(command: "SENS:POW:UNIT:ALL:CSV?", expected: "at least one channel's unit", reply: reply)
        }
        self.watts = watts
    }
}
