import Foundation
import InstrumentProtocols
import PRBS

/// The multi-lane SCPI BERT family (`scpi-bert`), documented in docs/scpi-bert.md.
///
/// Counters for all lanes come back in one query as a definite-length block of 17-byte records
/// (compared bits u64 LE, errors u64 LE, flags u8 with bit 0 = synchronised and bit 3 = lock lost since the gate
/// started or the channel's last `SENS<n>:SYNC`), so a 416-lane poll is one round trip.
public actor SCPIBERT: BitErrorRatioTester {
    public nonisolated let role: String
    public nonisolated let driverName = "scpi-bert"
    public nonisolated var supportedPatterns: [PRBSPattern] { PRBSPattern.allCases }
    private let session: SCPISession
    private var channels = 0
    private var setup: (pattern: PRBSPattern, inverted: Bool, rate: Double)?
    private var outputsOn: Bool?
    private var gateRunning = false

    /// The size of one lane's record in `FETC:COUN:ALL?`.
    public static let recordSize = 17
    /// Flags bit 0: the detector is synchronised.
    public static let synchronizedFlag: UInt8 = 0x01
    /// Flags bit 3: the lock was lost since the gate started or the channel's last re-synchronisation.
    public static let lockLostFlag: UInt8 = 0x08

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
        setup = (pattern, inverted, lineRateBitsPerSecond)
    }

    public func setOutputs(_ on: Bool) async throws {
        try await session.configure("OUTP:ALL \(on ? 1 : 0)")
        outputsOn = on
    }

    public func startGate() async throws {
        try await session.configure("GATE:STAR")
        gateRunning = true
    }

    public func stopGate() async throws {
        try await session.configure("GATE:STOP")
        gateRunning = false
    }

    /// Checks the power-on bit and reads back the line rate, channel 1's generator and detector pattern and
    /// polarity, the outputs and the gate. When anything is lost it re-applies the configuration and the
    /// outputs, and restarts a gate that should be counting (its counters then start from zero, which the
    /// reason says).
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "BERT")
        if let setup {
            audit.compare(
                "line rate", found: try await number("SOUR:RATE?"), expected: setup.rate, tolerance: 0.5, unit: " b/s")
            for end in ["SOUR1", "SENS1"] {
                let name = try await session.query("\(end):PATT?")
                if PRBSPattern(name: name) != setup.pattern {
                    audit.mismatch("\(end) pattern", found: name, expected: setup.pattern.rawValue)
                }
                audit.compare(
                    "\(end) polarity", found: try await number("\(end):PATT:INV?") != 0, expected: setup.inverted,
                    yes: "inverted", no: "normal")
            }
        }
        if let outputsOn {
            audit.compare("outputs", found: try await number(outputsOn ? "OUTP:ALL?" : "OUTP1?") != 0, expected: outputsOn)
        }
        let counting = try await number("GATE?") != 0
        audit.compare("gate", found: counting, expected: gateRunning, yes: "counting", no: "stopped")
        guard audit.lost else { return .intact }
        var applied: [String] = []
        if let setup {
            try await configure(pattern: setup.pattern, inverted: setup.inverted, lineRateBitsPerSecond: setup.rate)
            let polarity = setup.inverted ? " inverted" : ""
            applied.append("\(setup.pattern.rawValue)\(polarity) at \(SettingsAudit.format(setup.rate)) b/s")
        }
        if let outputsOn {
            try await setOutputs(outputsOn)
            applied.append("outputs \(outputsOn ? "on" : "off")")
        }
        if gateRunning {
            try await startGate()
            applied.append("gate restarted (its counters start again from zero)")
        } else if counting {
            try await stopGate()
            applied.append("gate stopped")
        }
        return audit.outcome(applied: applied)
    }

    private func number(_ command: String) async throws -> Double {
        try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite else {
                throw ReplyParseError(command: command, expected: "a number", reply: reply)
            }
            return value
        }
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
                synchronized: block[base + 16] & Self.synchronizedFlag != 0,
                lockLost: block[base + 16] & Self.lockLostFlag != 0)
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
