import Foundation

/// The simulated world of a simulated station: seed, physics parameters and injected faults.
public struct SimulationSettings: Sendable, Equatable {
    /// The default seed; `--seed` overrides it.
    public var seed: UInt64
    /// Rated chamber range, °C.
    public var chamberRatedMinimumCelsius: Double
    /// Rated chamber range, °C.
    public var chamberRatedMaximumCelsius: Double
    /// The chamber's fastest ramp, K/min.
    public var chamberMaximumRampKelvinPerMinute: Double
    /// DUT thermal time constant, s.
    public var dutTimeConstantSeconds: Double
    /// Lanes in the simulated array.
    public var lanes: Int
    /// Lane rate of the simulated array, Gb/s.
    public var lineRateGbps: Double
    /// Dead lanes; nil lets the seed decide.
    public var deadLanes: Int?
    /// Weak lanes; nil lets the seed decide.
    public var weakLanes: Int?
    /// Faults to inject.
    public var faults: [FaultSpec]
    /// Where the virtual clock of a run starts (`simulation.epoch`), so a run's dates, and everything judged by
    /// them such as calibration, are the same on any day it is run.
    public var epoch: Date = SimulationSettings.defaultEpoch

    /// The epoch when the station file names none: 2026-03-01T08:00:00Z, inside the shipped stations' calibration.
    public static let defaultEpoch = Date(timeIntervalSince1970: 1_772_352_000)
    /// The protocol the controller uses for simulated LAN instruments, `lan_protocol:` (socket unless set).
    public var lanProtocol: SimulatedLANProtocol = .socket
    /// `simulation.pace:` simulated seconds per wall-clock second, or nil (the default) for a virtual clock that
    /// jumps at once. For demos and the console's browser tests, so a person or a browser can watch a run live.
    public var pace: Double?
}

/// A fault the simulator injects into one instrument.
public struct FaultSpec: Sendable, Equatable {
    /// What kind of fault.
    public enum Kind: String, Sendable, CaseIterable {
        /// Replies are dropped with probability `probability`.
        case dropReplies = "drop-replies"
        /// Reply bytes are garbled with probability `probability`.
        case garbleReplies = "garble-replies"
        /// SCPI replies arrive `milliseconds` late with probability `probability` (a slow instrument, a busy
        /// network); later replies queue behind a late one, as a real instrument answers in order.
        case delayReplies = "delay-replies"
        /// Modbus replies carry a wrong CRC with probability `probability`.
        case crcErrors = "crc-errors"
        /// The instrument stops answering for `seconds`, starting `after_seconds` into the run.
        case silence
        /// The instrument reboots `after_seconds` into the run and comes back with its defaults.
        case reboot
        /// The chamber cannot get beyond `limit_celsius`.
        case unreachableSetpoint = "unreachable-setpoint"
        /// The chamber raises an alarm `after_seconds` into the run.
        case chamberAlarm = "chamber-alarm"
        /// The DUT draws excess current `after_seconds` into the run.
        case overCurrent = "over-current"
        /// The BERT's error detectors of `lanes` lose their lock from `after_seconds` for `seconds`.
        case loseSync = "lose-sync"
        /// The DUT lanes `lanes` stop emitting light `after_seconds` into the run, for good.
        case darkLanes = "dark-lanes"
        /// The chamber's temperature readings depart by `kelvin` from `after_seconds` for `seconds`.
        case temperatureExcursion = "temperature-excursion"
    }

    /// The fault.
    public var kind: Kind
    /// The role of the instrument it applies to.
    public var role: InstrumentRole
    /// Probability per reply, for random faults.
    public var probability: Double
    /// Station seconds from the start of serving until the fault begins.
    public var afterSeconds: Double
    /// How long the fault lasts, s (silence).
    public var seconds: Double
    /// The temperature the chamber cannot get beyond (unreachable setpoint).
    public var limitCelsius: Double?
    /// DUT lane indices, 0-based (lose-sync, dark-lanes).
    public var lanes: [Int] = []
    /// How far the temperature readings depart, K, signed (temperature-excursion).
    public var kelvin: Double?
    /// How late a delayed reply arrives, ms of wall time (delay-replies).
    public var milliseconds: Double?
}
