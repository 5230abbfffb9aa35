import InstrumentProtocols
import Instruments

/// An instrument the sockets of a batch share, one socket's exchange at a time: what ``SharedChamber``,
/// ``SharedMeter`` and ``SharedSwitch`` have in common.
public protocol SharedInstrument: Instrument {
    /// The shared instrument.
    nonisolated var instrument: any Instrument { get }
    /// The turns the sockets take at it.
    var turns: InstrumentTurns { get }
}

extension SharedInstrument {
    public nonisolated var role: String { instrument.role }
    public nonisolated var driverName: String { instrument.driverName }
    public func connect() async throws -> InstrumentIdentity {
        let instrument = self.instrument
        return try await turns.withTurn { try await instrument.connect() }
    }
    /// A socket never disconnects the shared instrument: the station does, when the batch ends.
    public func disconnect() async {}
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        let instrument = self.instrument
        return try await turns.withTurn { try await instrument.restoreSettingsIfLost() }
    }
}

/// The chamber as the sockets of a batch share it: one socket's exchange at a time.
public actor SharedChamber: ThermalChamber, SharedInstrument {
    let base: any ThermalChamber
    public let turns: InstrumentTurns

    /// Shares `base`, taking `turns`.
    public init(_ base: any ThermalChamber, turns: InstrumentTurns) {
        self.base = base
        self.turns = turns
    }

    public nonisolated var instrument: any Instrument { base }
    public nonisolated var limits: ChamberLimits { base.limits }
    public nonisolated var supportsRampRate: Bool { base.supportsRampRate }
    public func setSetpoint(_ celsius: Double) async throws { try await turns.withTurn { try await base.setSetpoint(celsius) } }
    public func setRampRate(_ kelvinPerMinute: Double) async throws { try await turns.withTurn { try await base.setRampRate(kelvinPerMinute) } }
    public func readTemperatures() async throws -> ChamberReading { try await turns.withTurn { try await base.readTemperatures() } }
    public func start() async throws { try await turns.withTurn { try await base.start() } }
    public func stop() async throws { try await turns.withTurn { try await base.stop() } }
    public func alarms() async throws -> [String] { try await turns.withTurn { try await base.alarms() } }
    public func setPurge(_ on: Bool) async throws { try await turns.withTurn { try await base.setPurge(on) } }
    public func goToSafeState() async throws { try await turns.withTurn { try await base.goToSafeState() } }
}

/// The meter as the sockets of a batch share it: one socket's exchange at a time.
public actor SharedMeter: OpticalPowerMeter, SharedInstrument {
    let base: any OpticalPowerMeter
    public let turns: InstrumentTurns

    /// Shares `base`, taking `turns`.
    public init(_ base: any OpticalPowerMeter, turns: InstrumentTurns) {
        self.base = base
        self.turns = turns
    }

    public nonisolated var instrument: any Instrument { base }
    public func channelCount() async -> Int { await base.channelCount() }
    public func setWavelength(_ nanometres: Double) async throws { try await turns.withTurn { try await base.setWavelength(nanometres) } }
    public func readPower(channel: Int) async throws -> Double { try await turns.withTurn { try await base.readPower(channel: channel) } }
    public func readAllPowers() async throws -> [Double] { try await turns.withTurn { try await base.readAllPowers() } }
}

/// The optical switch as the sockets of a batch share it: one socket's exchange at a time.
public actor SharedSwitch: OpticalSwitch, SharedInstrument {
    let base: any OpticalSwitch
    public let turns: InstrumentTurns

    /// Shares `base`, taking `turns`.
    public init(_ base: any OpticalSwitch, turns: InstrumentTurns) {
        self.base = base
        self.turns = turns
    }

    public nonisolated var instrument: any Instrument { base }
    public nonisolated var settlingTime: Duration { base.settlingTime }
    public func channelCount() async -> Int { await base.channelCount() }
    public func route(to channel: Int) async throws { try await turns.withTurn { try await base.route(to: channel) } }
}

/// The thermocouple reader as the sockets of a batch share it: one socket's exchange at a time.
public actor SharedThermocoupleReader: ThermocoupleReader, SharedInstrument {
    let base: any ThermocoupleReader
    public let turns: InstrumentTurns

    /// Shares `base`, taking `turns`.
    public init(_ base: any ThermocoupleReader, turns: InstrumentTurns) {
        self.base = base
        self.turns = turns
    }

    public nonisolated var instrument: any Instrument { base }
    public func readTemperatures(channels: [Int]) async throws -> [Int: Double] {
        try await turns.withTurn { try await base.readTemperatures(channels: channels) }
    }
}
