import Foundation
import InstrumentProtocols

/// Keysight N7744A / N7745A multi-channel optical power meters over SCPI (protocols.md §3).
///
/// `read:pow:all?` returns every channel as little-endian float32 in one definite-length block.
public actor KeysightN774xMeter: OpticalPowerMeter {
    public nonisolated let role: String
    public nonisolated let driverName = "keysight-n774x"
    private let session: SCPISession
    private var channels = 0

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession) {
        self.role = role
        self.session = session
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        guard identity.manufacturer.lowercased().contains("keysight") || identity.manufacturer.lowercased().contains("agilent"),
            identity.model.uppercased().hasPrefix("N774")
        else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Keysight N774x power meter")
        }
        try await session.write("*CLS")
        let units = try await session.query("SENS:POW:UNIT:ALL:CSV?")
        channels = units.split(separator: ",").count
        for channel in 1...max(1, channels) {
            try await session.write("SENS\(channel):POW:UNIT 1")
        }
        try await session.checkErrors(after: "SENS<n>:POW:UNIT 1")
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { channels }

    public func setWavelength(_ nanometres: Double) async throws {
        for channel in 1...max(1, channels) {
            try await session.write("SENS\(channel):POW:WAV \(String(format: "%.1f", nanometres))NM")
        }
        try await session.checkErrors(after: "SENS<n>:POW:WAV \(nanometres)NM")
    }

    public func readPower(channel: Int) async throws -> Double {
        let command = "READ\(channel):POW?"
        return try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite, value < 9e37 else {
                throw ReplyParseError(command: command, expected: "a power in W", reply: reply)
            }
            return value
        }
    }

    public func readAllPowers() async throws -> [Double] {
        let block = try await session.queryBlock("READ:POW:ALL?")
        let values = try LittleEndianArray.decodeFloat32(block)
        guard values.count == channels else {
            throw InstrumentError(
                .malformedReply, role: role, driver: driverName,
                message: "READ:POW:ALL? returned \(values.count) values for \(channels) channels")
        }
        return values.map(Double.init)
    }
}
