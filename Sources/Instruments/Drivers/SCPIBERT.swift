import Foundation
import InstrumentProtocols
import PRBS

/// The multi-lane SCPI BERT family (`scpi-bert`), documented in docs/scpi-bert.md.
///
/// Counters for all lanes come back in one query as a definite-length block of 17-byte records
/// (compared bits u64 LE, errors u64 LE, flags u8 with bit 0 = synchronised), so a 416-lane poll is one round trip.
public actor SCPIBERT: BitErrorRatioTester {
    public nonisolated let role: String
    public nonisolated let driverName = "scpi-bert"
    public nonisolated var supportedPatterns: [PRBSPattern] { PRBSPattern.allCases }
    private let session: SCPISession
    private var channels = 0

    /// The size of one lane's record in `FETC:COUN:ALL?`.
    public static let recordSize = 17

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession) {
        self.role = role
        self.session = session
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        try await session.write("*CLS")
        let count = try await session.query("SYST:CHAN?") { reply in
            guard let value = Int(reply), value > 0 else { throw ReplyParseError(command: "SYST:CHAN?", expected: "a channel count", reply: reply) }
            return value
        }
        let catalog = try await session.query("SYST:PATT:CAT?")
        guard catalog.uppercased().contains("PRBS") else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) does not answer SYST:PATT:CAT? with PRBS patterns; it is not a scpi-bert family instrument")
        }
        channels = count
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { channels }

    public func configure(pattern: PRBSPattern, inverted: Bool, lineRateBitsPerSecond: Double) async throws {
        let rate = String(format: "%.0f", lineRateBitsPerSecond)
        try await session.configure("SOUR:RATE \(rate)")
        try await session.configure("SOUR:PATT:ALL \(pattern.rawValue);:SENS:PATT:ALL \(pattern.rawValue)")
        try await session.configure("SOUR:PATT:INV:ALL \(inverted ? 1 : 0);:SENS:PATT:INV:ALL \(inverted ? 1 : 0)")
    }

    public func setOutputs(_ on: Bool) async throws {
        try await session.configure("OUTP:ALL \(on ? 1 : 0)")
    }

    public func startGate() async throws {
        try await session.configure("GATE:STAR")
    }

    public func stopGate() async throws {
        try await session.configure("GATE:STOP")
    }

    public func readCounters() async throws -> [LaneCounters] {
        let block = try await session.queryBlock("FETC:COUN:ALL?")
        guard block.count == channels * Self.recordSize else {
            throw InstrumentError(
                .malformedReply, role: role, driver: driverName,
                message: "FETC:COUN:ALL? returned \(block.count) bytes; expected \(channels) records of \(Self.recordSize)")
        }
        return (0..<channels).map { index in
            let base = index * Self.recordSize
            return LaneCounters(
                channel: index + 1,
                comparedBits: Self.uint64(block, at: base),
                errors: Self.uint64(block, at: base + 8),
                synchronized: block[base + 16] & 1 == 1)
        }
    }

    public func resynchronize(channel: Int) async throws {
        try await session.configure("SENS\(channel):SYNC")
    }

    private static func uint64(_ bytes: [UInt8], at offset: Int) -> UInt64 {
        var value: UInt64 = 0
        for index in 0..<8 { value |= UInt64(bytes[offset + index]) << (8 * UInt64(index)) }
        return value
    }
}
