import InstrumentProtocols

/// What every instrument driver offers: a connection that checks the instrument's identity.
///
/// Drivers are actors: each owns its session and serialises access to its link.
public protocol Instrument: Actor {
    /// The role name on the station, e.g. `chamber`.
    nonisolated var role: String { get }
    /// The driver name, e.g. `watlow-f4`.
    nonisolated var driverName: String { get }
    /// Opens the link, identifies the instrument, refuses a mismatched one, and brings it to a known state.
    func connect() async throws -> InstrumentIdentity
    /// Closes the link.
    func disconnect() async
    /// Checks whether the instrument still holds the settings this driver last applied (a reboot or power cycle
    /// returns it to its power-on state): the IEEE 488.2 power-on bit (`*ESR?` bit 7) where the instrument has
    /// one, and a read-back of the key settings. Whatever was lost is re-applied, and the result names what was
    /// found. Call it after a silence, a reboot or retries exhausted by timeouts, and before trusting readings
    /// again; drivers do not call it on their own.
    func restoreSettingsIfLost() async throws -> SettingsCheck
}

/// A reading of the chamber's temperatures.
public struct ChamberReading: Sendable, Equatable, Codable {
    /// Air (process) temperature, °C.
    public var airCelsius: Double
    /// DUT (product) temperature, °C, when the chamber has a product sensor.
    public var dutCelsius: Double?
    /// The active setpoint, °C.
    public var setpointCelsius: Double

    /// Creates a reading.
    public init(airCelsius: Double, dutCelsius: Double?, setpointCelsius: Double) {
        self.airCelsius = airCelsius
        self.dutCelsius = dutCelsius
        self.setpointCelsius = setpointCelsius
    }
}

/// A supply reading.
public struct SupplyReading: Sendable, Equatable, Codable {
    /// Measured voltage, V.
    public var volts: Double
    /// Measured current, A.
    public var amps: Double
    /// Whether the output is on.
    public var outputOn: Bool
    /// Whether the supply is in current limit (compliance).
    public var inCompliance: Bool

    /// Creates a reading.
    public init(volts: Double, amps: Double, outputOn: Bool, inCompliance: Bool) {
        self.volts = volts
        self.amps = amps
        self.outputOn = outputOn
        self.inCompliance = inCompliance
    }

    /// Power delivered, W.
    public var watts: Double { volts * amps }
}

/// One BERT channel's counters since the gate started.
public struct LaneCounters: Sendable, Equatable, Codable {
    /// BERT channel (1-based).
    public var channel: Int
    /// Bits compared.
    public var comparedBits: UInt64
    /// Bit errors.
    public var errors: UInt64
    /// Whether the error detector is synchronised to the pattern.
    public var synchronized: Bool
    /// Whether the detector lost its lock since the gate started or since this channel's last
    /// re-synchronisation, even if it has locked again since (a sticky flag: a loss between two reads shows at
    /// the next read).
    public var lockLost: Bool

    /// Creates counters.
    public init(channel: Int, comparedBits: UInt64, errors: UInt64, synchronized: Bool, lockLost: Bool = false) {
        self.channel = channel
        self.comparedBits = comparedBits
        self.errors = errors
        self.synchronized = synchronized
        self.lockLost = lockLost
    }

    private enum CodingKeys: String, CodingKey {
        case channel, comparedBits, errors, synchronized, lockLost
    }

    /// Decodes counters; records written before `lockLost` existed read as no loss.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        channel = try container.decode(Int.self, forKey: .channel)
        comparedBits = try container.decode(UInt64.self, forKey: .comparedBits)
        errors = try container.decode(UInt64.self, forKey: .errors)
        synchronized = try container.decode(Bool.self, forKey: .synchronized)
        lockLost = try container.decodeIfPresent(Bool.self, forKey: .lockLost) ?? false
    }
}
