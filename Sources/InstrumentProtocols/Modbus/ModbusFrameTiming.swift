/// The silent interval that separates Modbus RTU frames on a serial line.
///
/// The Modbus over serial line specification asks for 3.5 character times of silence between frames,
/// a character being 11 bits (start, 8 data, parity or a second stop bit, stop). Above 19200 baud it fixes the
/// gap at 1.75 ms, since 3.5 characters become too short to time reliably.
///
/// protocols.md quotes ChamberConnectLibrary (`modbus.py`) as using 0.012 s above 19200 baud, a conservative
/// gap that Watlow suggests; `.conservative` offers it. (Its code actually sleeps `3.5 × 0.012 s` = 42 ms at
/// 19200 baud and above, and `3.5 × 11 / baud` below.)
public enum ModbusFrameTiming {
    /// How to choose the gap.
    public enum Policy: Sendable, Hashable {
        /// The specification: 3.5 character times, fixed 1.75 ms above 19200 baud.
        case specification
        /// 3.5 character times below 19200 baud, 12 ms at 19200 and above (ChamberConnectLibrary's threshold).
        case conservative
    }

    /// Bits per RTU character.
    public static let bitsPerCharacter = 11
    /// The fixed gap above 19200 baud in the specification.
    public static let fastLineSilence = Duration.microseconds(1750)
    /// The conservative gap at 19200 baud and above.
    public static let conservativeSilence = Duration.milliseconds(12)

    /// The time one 11-bit character takes at `baud`.
    /// - Throws: `ModbusError.invalidArgument` when `baud` is not positive.
    public static func characterTime(baud: Int) throws(ModbusError) -> Duration {
        guard baud > 0 else { throw .invalidArgument(reason: "baud rate \(baud) is not positive") }
        return .nanoseconds(ceilingDivide(Int64(bitsPerCharacter) * 1_000_000_000, by: Int64(baud)))
    }

    /// The inter-frame silence at `baud`.
    /// - Throws: `ModbusError.invalidArgument` when `baud` is not positive.
    public static func silence(baud: Int, policy: Policy = .specification) throws(ModbusError) -> Duration {
        guard baud > 0 else { throw .invalidArgument(reason: "baud rate \(baud) is not positive") }
        switch policy {
        case .specification where baud > 19200:
            return fastLineSilence
        case .conservative where baud >= 19200:
            return conservativeSilence
        default:
            // 3.5 characters = 35 × bits / (10 × baud) seconds.
            return .nanoseconds(ceilingDivide(35 * Int64(bitsPerCharacter) * 100_000_000, by: Int64(baud)))
        }
    }

    private static func ceilingDivide(_ numerator: Int64, by denominator: Int64) -> Int64 {
        (numerator + denominator - 1) / denominator
    }
}
