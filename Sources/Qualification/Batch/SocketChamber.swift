import Foundation
import InstrumentProtocols
import Instruments
import StationConfiguration

/// The chamber as one socket of a batch sees it: the shared chamber, whose readings carry the temperature of the
/// thermocouple the station file states for the socket as the DUT temperature (issue 17's per-socket conditions).
///
/// The socket's soak and its measurement-window check then go by that temperature, and its run records it as its
/// `dut_temperature`: the chamber's DUT input, the air sensor (the air stands for the DUT), or a channel of the
/// thermocouple reader. Everything else is the shared chamber's.
public actor SocketChamber: ThermalChamber {
    /// Where the socket's DUT temperature comes from.
    public enum Source: Sendable {
        /// The chamber's DUT input.
        case chamberDUTInput
        /// The chamber's air sensor.
        case air
        /// A channel of the thermocouple reader (nil: the station connected none).
        case reader((any ThermocoupleReader)?, channel: Int)
    }

    let base: any ThermalChamber
    /// Where the DUT temperature comes from.
    public nonisolated let source: Source

    /// The socket's view of `base`, reading its DUT temperature from `source`.
    public init(_ base: any ThermalChamber, source: Source) {
        self.base = base
        self.source = source
    }

    /// The source for a socket whose own (resolved) thermocouple is `thermocouple`, reading reader channels on `reader`.
    public static func source(for thermocouple: SocketThermocouple, reader: (any ThermocoupleReader)?) -> Source {
        switch thermocouple {
        case .chamberDUTInput, .socket: .chamberDUTInput
        case .air: .air
        case .readerChannel(let channel): .reader(reader, channel: channel)
        }
    }

    /// Where the socket's conditions are read, for the run's events.
    public nonisolated var sourceDescription: String {
        switch source {
        case .chamberDUTInput: "the chamber's DUT input"
        case .air: "the chamber's air sensor (no DUT thermocouple: the air stands for the DUT)"
        case .reader(_, let channel): "channel \(channel) of the thermocouple reader"
        }
    }

    /// The instrument a run names for the socket's DUT temperature.
    public nonisolated var dutInstrument: String {
        if case .reader = source { return "thermocouples" }
        return "chamber"
    }

    public nonisolated var role: String { base.role }
    public nonisolated var driverName: String { base.driverName }
    public nonisolated var limits: ChamberLimits { base.limits }
    public nonisolated var supportsRampRate: Bool { base.supportsRampRate }
    public func connect() async throws -> InstrumentIdentity { try await base.connect() }
    /// A socket never disconnects the shared chamber.
    public func disconnect() async {}

    /// Checks the chamber's settings, and the thermocouple reader's where the socket reads one.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        let chamber = try await base.restoreSettingsIfLost()
        guard case .reader(let reader?, _) = source else { return chamber }
        let thermocouples = try await reader.restoreSettingsIfLost()
        switch (chamber, thermocouples) {
        case (.intact, .intact): return .intact
        case (.restored(let reason), .intact), (.intact, .restored(let reason)): return .restored(reason: reason)
        case (.restored(let first), .restored(let second)): return .restored(reason: first + "; thermocouple reader: " + second)
        }
    }

    public func readTemperatures() async throws -> ChamberReading {
        var reading = try await base.readTemperatures()
        switch source {
        case .chamberDUTInput: break
        case .air: reading.dutCelsius = reading.airCelsius
        case .reader(let reader, let channel):
            guard let reader else {
                throw StationFault("the socket's thermocouple is channel \(channel) of instruments.thermocouples, but no thermocouple reader is connected")
            }
            guard let celsius = try await reader.readTemperatures(channels: [channel])[channel] else {
                throw StationFault("the thermocouple reader returned no reading for channel \(channel)")
            }
            reading.dutCelsius = celsius
        }
        return reading
    }

    public func setSetpoint(_ celsius: Double) async throws { try await base.setSetpoint(celsius) }
    public func setRampRate(_ kelvinPerMinute: Double) async throws { try await base.setRampRate(kelvinPerMinute) }
    public func start() async throws { try await base.start() }
    public func stop() async throws { try await base.stop() }
    public func alarms() async throws -> [String] { try await base.alarms() }
    public func setPurge(_ on: Bool) async throws { try await base.setPurge(on) }
    public func goToSafeState() async throws { try await base.goToSafeState() }
}
