import Foundation
import InstrumentProtocols

/// Keysight N7744A / N7745A multi-channel optical power meters over SCPI (protocols.md §3).
///
/// `read:pow:all?` returns every channel as little-endian float32 in one definite-length block.
///
/// Readings are in the unit each channel is set to, and the meter powers on in dBm: the driver sets every channel
/// to W at connect. A meter that reboots comes back in dBm at 1550 nm, so its readings (−13 for −13 dBm) would
/// pass for negative watts; ``restoreSettingsIfLost()`` finds that (power-on bit, unit and wavelength read-back)
/// and sets W and the wavelength again. A reading below ``impossibleWatts`` cannot be a power in W at all, so the
/// readers refuse it as a device error (a station fault) instead of returning it as a dark lane.
public actor KeysightN774xMeter: OpticalPowerMeter {
    public nonisolated let role: String
    public nonisolated let driverName = "keysight-n774x"
    private let session: SCPISession
    private var channels = 0
    private var wavelengthNanometres: Double?

    /// Readings below this, W, are not watts (the detector's noise is nanowatts either side of zero): they are
    /// dBm values from a meter that lost its unit setting.
    public static let impossibleWatts = -1e-6

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
        // The channel count is the number of units listed, the trailing NUL not counted (KeysightN774xUnits).
        channels = try await session.query("SENS:POW:UNIT:ALL:CSV?") { try KeysightN774xUnits(reply: $0) }.watts.count
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
        wavelengthNanometres = nanometres
    }

    /// Checks the power-on bit, every channel's unit (W) and wavelength; re-applies both when anything is lost.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "meter")
        let units = try await session.query("SENS:POW:UNIT:ALL:CSV?") { try KeysightN774xUnits(reply: $0) }
        for (index, watts) in units.watts.enumerated() where !watts {
            audit.mismatch("channel \(index + 1) unit", found: "dBm", expected: "W")
        }
        if let wavelengthNanometres {
            for channel in 1...max(1, channels) {
                let command = "SENS\(channel):POW:WAV?"
                let metres = try await session.query(command) { reply in
                    guard let value = Double(reply), value.isFinite else {
                        throw ReplyParseError(command: command, expected: "a wavelength in m", reply: reply)
                    }
                    return value
                }
                audit.compare(
                    "channel \(channel) wavelength", found: metres * 1e9, expected: wavelengthNanometres, tolerance: 0.05,
                    unit: " nm")
            }
        }
        guard audit.lost else { return .intact }
        var applied = ["unit W"]
        for channel in 1...max(1, channels) {
            try await session.write("SENS\(channel):POW:UNIT 1")
        }
        try await session.checkErrors(after: "SENS<n>:POW:UNIT 1")
        if let wavelengthNanometres {
            try await setWavelength(wavelengthNanometres)
            applied.append("wavelength \(SettingsAudit.format(wavelengthNanometres)) nm")
        }
        return audit.outcome(applied: applied)
    }

    public func readPower(channel: Int) async throws -> Double {
        let command = "READ\(channel):POW?"
        let watts = try await session.query(command) { reply in
            guard let value = Double(reply), value.isFinite, value < 9e37 else {
                throw ReplyParseError(command: command, expected: "a power in W", reply: reply)
            }
            return value
        }
        try checkWatts([watts], first: channel, command: command)
        return watts
    }

    public func readAllPowers() async throws -> [Double] {
        let block = try await session.queryBlock("READ:POW:ALL?")
        let values = try LittleEndianArray.decodeFloat32(block)
        guard values.count == channels else {
            throw InstrumentError(
                .malformedReply, role: role, driver: driverName,
                message: "READ:POW:ALL? returned \(values.count) values for \(channels) channels")
        }
        let watts = values.map(Double.init)
        try checkWatts(watts, first: 1, command: "READ:POW:ALL?")
        return watts
    }

    /// Refuses readings that cannot be watts, naming the first one and its channel.
    private func checkWatts(_ values: [Double], first channel: Int, command: String) throws {
        guard let index = values.firstIndex(where: { $0 < Self.impossibleWatts }) else { return }
        throw InstrumentError(
            .deviceError, role: role, driver: driverName,
            message: "\(command) read \(values[index]) on channel \(channel + index), which is no power in W: the meter "
                + "is reading dBm, so it lost its settings (a reboot?); restoreSettingsIfLost() sets W again")
    }
}
