import Foundation
import InstrumentProtocols
import StationLinks

/// A station file: what is on the bench, how to reach it, its calibration, and the hard safety limits.
public struct StationFile: Sendable {
    /// The path the file was loaded from.
    public var path: String
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The file's text as loaded, byte for byte (run.sqlite keeps it as evidence).
    public var text: String = ""
    /// Station identity and the lab it belongs to.
    public var identity: StationIdentity
    /// Limits that no profile may exceed; drivers enforce them.
    public var limits: SafetyLimits
    /// Dry-air or nitrogen purge, when the chamber has one.
    public var purge: PurgeSupport?
    /// The instruments by role.
    public var instruments: [InstrumentRole: InstrumentEntry]
    /// Which instrument channel serves each DUT lane.
    public var laneMap: LaneMap
    /// The DUT sockets of a batch station (`sockets:`); empty on a single-DUT station (see ``batchSockets``).
    public var sockets: [DUTSocket] = []
    /// The simulated world, present only on simulated stations.
    public var simulation: SimulationSettings?
    /// The fleet database this station replicates its runs to (`fleet: { url: postgres://… }`), if any.
    public var fleetURL: String?
    /// The 1-based line of each field written in the file, by dotted path (`instruments.bert.channels`).
    public var fieldLines: [String: Int] = [:]

    /// The line of `field` (a dotted path such as `limits.chamber.max_celsius`) in the file, when it is written there.
    public func line(of field: String) -> Int? { fieldLines[field] }

    /// The instrument in `role`, if the station has one.
    public func instrument(_ role: InstrumentRole) -> InstrumentEntry? { instruments[role] }

    /// Whether any instrument is served by the bench simulator.
    public var isSimulated: Bool { instruments.values.contains { $0.resource == .simulated } }
}

/// Who and where the station is.
public struct StationIdentity: Sendable, Equatable, Codable {
    /// Station name, e.g. `CPO bench 3`.
    public var name: String
    /// Station identifier printed on certificates.
    public var id: String
    /// The laboratory's name.
    public var labName: String
    /// The laboratory's address.
    public var labAddress: String
    /// Where the work is done (building, bay).
    public var location: String
}

/// The roles instruments play on a bench.
public enum InstrumentRole: String, Sendable, CaseIterable, Codable, Comparable {
    /// The thermal chamber or thermal stream.
    case chamber
    /// Pattern generator and error detector.
    case bert
    /// Optical power meter.
    case meter
    /// Optical switch in front of the meter.
    case `switch`
    /// DUT power supply.
    case supply
    /// Thermocouple reader (a data-acquisition unit): the DUT thermocouples of a batch's sockets.
    case thermocouples

    public static func < (lhs: Self, rhs: Self) -> Bool {
        allCases.firstIndex(of: lhs) ?? 0 < allCases.firstIndex(of: rhs) ?? 0
    }
}

/// One instrument on the bench.
public struct InstrumentEntry: Sendable {
    /// Its role.
    public var role: InstrumentRole
    /// Driver name, e.g. `watlow-f4`.
    public var driver: String
    /// Where it is connected.
    public var resource: ResourceString
    /// Serial line settings, for serial instruments.
    public var serial: SerialSettings?
    /// Modbus unit address, for Modbus chambers.
    public var modbusAddress: Int
    /// Number of channels (BERT lanes, switch outputs, meter inputs), when the role has channels.
    public var channels: Int?
    /// I/O timeout for one reply.
    public var timeout: Duration
    /// Retries on a glitch before the instrument is declared faulty.
    public var retries: Int
    /// Switch settling time, for switches.
    public var settling: Duration
    /// The calibration record.
    public var calibration: CalibrationRecord?
    /// The supply output that powers the DUT (multi-output supplies), `output:`.
    public var output: Int = 1
    /// Readings a meter averages per result, `averaging:`.
    public var averaging: Int?
    /// The controller's address on a multi-drop bus, `bus_address:`.
    public var busAddress: Int?
    /// The relay that switches the chamber's dry-air purge, `purge_relay:`.
    public var purgeRelay: Int?
    /// The port of the host's portmapper for a VXI-11 resource, `portmapper_port:` (111 when absent).
    public var portmapperPort: Int?
    /// How a Watlow F4 is wired, `run_event: { register, on_value }` and `dut_input:`.
    public var watlowWiring: WatlowF4Wiring = .standard
    /// The ThermoStream model, `model:`.
    public var thermoStreamModel: ThermoStreamModel?
    /// Whether the ThermoStream may lower its test head, `head_control:`.
    public var headControl = false
    /// The chamber-side dead man, `dead_man_seconds:` (0 disables it): a ThermoStream's maximum test time (`TTIM`),
    /// an Espec P-300's quick timer; armed at start and re-armed at every reading, so a controller that dies leaves
    /// the chamber to stop by itself within this time.
    public var deadManSeconds = InstrumentEntry.defaultDeadManSeconds
    /// The dead-man time when the station file gives none: 15 minutes, longer than any pause between the readings of
    /// a live run, short enough that a DUT is not held at an extreme for long after a crash.
    public static let defaultDeadManSeconds = 900
    /// The output pairing of a Keysight E36312A, `pairing:` (`OFF`, `PAR`, `SER`).
    public var pairing = "OFF"
    /// The line of the entry in the station file, for messages.
    public var line: Int?
}

/// How DUT lanes map onto instrument channels: lane `i` (0-based) uses BERT channel `bertFirstChannel + i` and
/// switch output `switchFirstChannel + i`, read on meter channel `meterChannel`.
public struct LaneMap: Sendable, Equatable, Codable {
    /// The BERT channel of lane 0.
    public var bertFirstChannel: Int
    /// The switch output of lane 0.
    public var switchFirstChannel: Int
    /// The meter channel behind the switch, or of lane 0 when there is no switch.
    public var meterChannel: Int

    /// The BERT channel of `lane`.
    public func bertChannel(lane: Int) -> Int { bertFirstChannel + lane }
    /// The switch output of `lane`.
    public func switchChannel(lane: Int) -> Int { switchFirstChannel + lane }
}

/// Hard limits of the station.
public struct SafetyLimits: Sendable, Equatable, Codable {
    /// Lowest chamber setpoint allowed, °C.
    public var chamberMinimumCelsius: Double
    /// Highest chamber setpoint allowed, °C.
    public var chamberMaximumCelsius: Double
    /// Fastest ramp allowed, K/min.
    public var maximumRampKelvinPerMinute: Double
    /// Where the chamber goes on abort or fault, °C.
    public var safeCelsius: Double
    /// How far past a target the sequencer may drive the air to pull a lagging DUT in (DUT control), K; 0 keeps
    /// the air setpoint at the target. The chamber limits bound the air whatever this allows.
    public var maximumAirOvershootKelvin: Double = 0
    /// Highest DUT supply voltage, V.
    public var supplyMaximumVolts: Double
    /// Highest DUT supply current limit, A.
    public var supplyMaximumAmps: Double
}

/// A purge the chamber can run against condensation.
public struct PurgeSupport: Sendable, Equatable, Codable {
    /// Dew point of the purge gas, °C.
    public var dewPointCelsius: Double
}
