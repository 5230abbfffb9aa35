import Foundation
import PRBS

/// A qualification profile: what qualifying a part means, independent of any bench.
public struct Profile: Sendable {
    /// The path the file was loaded from.
    public var path: String
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
    /// The file's text as loaded, byte for byte (run.sqlite keeps it as evidence).
    public var text: String = ""
    /// Profile name, e.g. `cpo-qualification`.
    public var name: String
    /// Profile version, e.g. `1.0`.
    public var version: String
    /// Title printed on the certificate.
    public var title: String
    /// The part under test.
    public var dut: DUTSpecification
    /// The steps, in order.
    public var sequence: [SequenceItem]
    /// Condensation guard for transitions from below the dew point to above it.
    public var condensation: CondensationGuard?
    /// Acceptance criteria.
    public var criteria: Criteria
    /// The 1-based line of each field written in the file, by dotted path (`dut.lanes`, `sequence[2].point`).
    public var fieldLines: [String: Int] = [:]

    /// The line of `field` (a dotted path such as `defaults.ber_gate.pattern`) in the file, when it is written there.
    public func line(of field: String) -> Int? { fieldLines[field] }
}

/// What the profile knows about the device under test.
public struct DUTSpecification: Sendable, Equatable, Codable {
    /// Part number.
    public var part: String
    /// Lanes on the array (needed + spares).
    public var lanes: Int
    /// Lanes the part needs to work.
    public var requiredLanes: Int
    /// Per-lane line rate, Gb/s.
    public var lineRateGbps: Double
    /// Supply voltage, V.
    public var supplyVolts: Double
    /// Supply current limit, A.
    public var supplyCurrentLimitAmps: Double
    /// Emission wavelength, nm (sets the meter's correction).
    public var wavelengthNanometres: Double

    /// Spare lanes: lanes beyond those required.
    public var spares: Int { lanes - requiredLanes }
}

/// When a soak counts as settled.
public struct SoakRule: Sendable, Equatable, Codable {
    /// Half-width of the band around the setpoint, K.
    public var bandKelvin: Double
    /// How long the DUT must stay in the band, s.
    public var stabilitySeconds: Double
    /// Longest soak before it is a station fault, s.
    public var maximumSeconds: Double
    /// How many times a measurement is repeated, after soaking again, when the DUT leaves the band while it is
    /// measured; one more excursion makes the run INCOMPLETE.
    public var maximumRepeats: Int

    /// Creates a soak rule.
    public init(bandKelvin: Double, stabilitySeconds: Double, maximumSeconds: Double, maximumRepeats: Int = 2) {
        self.bandKelvin = bandKelvin
        self.stabilitySeconds = stabilitySeconds
        self.maximumSeconds = maximumSeconds
        self.maximumRepeats = maximumRepeats
    }
}

/// A BER gate: pattern, polarity, target and confidence.
public struct BERGate: Sendable, Equatable, Codable {
    /// PRBS pattern.
    public var pattern: PRBSPattern
    /// Whether the pattern is inverted.
    public var inverted: Bool
    /// Target BER, e.g. 1e-12.
    public var targetBER: Double
    /// Confidence level in (0, 1), e.g. 0.95.
    public var confidence: Double
    /// Longest gate, s.
    public var maximumSeconds: Double
    /// How often counters are read, s.
    public var pollSeconds: Double
    /// The stopping plan: when a lane is accepted or rejected.
    public var stopping: GateStopping
    /// What a loss of lock during the gate does to the lane.
    public var onSyncLoss: SyncLossPolicy

    /// Creates a gate.
    public init(
        pattern: PRBSPattern, inverted: Bool, targetBER: Double, confidence: Double, maximumSeconds: Double, pollSeconds: Double,
        stopping: GateStopping = .default, onSyncLoss: SyncLossPolicy = .failLane
    ) {
        self.pattern = pattern
        self.inverted = inverted
        self.targetBER = targetBER
        self.confidence = confidence
        self.maximumSeconds = maximumSeconds
        self.pollSeconds = pollSeconds
        self.stopping = stopping
        self.onSyncLoss = onSyncLoss
    }

    /// Bits the first look of the stopping plan needs: no lane can be accepted with fewer. Zero-error:
    /// −ln(1 − CL)/BER; multi-stage: −ln((1 − CL)·s₀)/BER, where s₀ is the share of α spent at the first look.
    public var firstLookBits: Double {
        let alpha = 1 - confidence
        switch stopping {
        case .zeroError: return -log(alpha) / targetBER
        case .multiStage(_, let spending): return -log(alpha * (spending.first ?? 1)) / targetBER
        }
    }
}

/// The stopping plan of a BER gate (qualification.md §3a): which looks accept a lane, with which error counts.
/// Both plans have a false-acceptance probability at BER = target of at most 1 − confidence, whatever the gate's
/// maximum and poll interval.
public enum GateStopping: Sendable, Equatable, Codable {
    /// One look at −ln(1 − CL)/BER bits; any error fails the lane at once (early stop only to fail).
    case zeroError
    /// Looks k = 0…maximumErrors accept a lane with at most k errors; the k-th look spends `spending[k]` of
    /// α = 1 − CL; more than `maximumErrors` errors fail the lane at once.
    case multiStage(maximumErrors: Int, spending: [Double])

    /// The default: a multi-stage plan with at most two errors spending 90 %, 6 % and 4 % of α, so a clean lane is
    /// accepted at −ln(0.9 α)/BER bits, 3.6 % later than a zero-error plan (at 95 %).
    public static let `default` = GateStopping.multiStage(maximumErrors: 2, spending: [0.9, 0.06, 0.04])

    /// `zero-error` or `multi-stage`, as the profile writes it.
    public var name: String {
        switch self {
        case .zeroError: return "zero-error"
        case .multiStage: return "multi-stage"
        }
    }
}

/// What a loss of lock during a BER gate does to the lane (time without lock never counts as clean bits).
public enum SyncLossPolicy: String, Sendable, Equatable, Codable, CaseIterable {
    /// The lane fails at this step.
    case failLane = "fail"
    /// The lane's count restarts once from a fresh synchronisation; a second loss fails it.
    case restartOnce = "restart-once"
}

/// What to measure at a temperature point.
public struct MeasurementSet: Sendable, Equatable, Codable {
    /// Run a BER gate.
    public var ber: Bool
    /// Read per-lane optical power.
    public var opticalPower: Bool
    /// Read supply voltage and current.
    public var supplyPower: Bool

    /// Creates a measurement set.
    public init(ber: Bool, opticalPower: Bool, supplyPower: Bool) {
        self.ber = ber
        self.opticalPower = opticalPower
        self.supplyPower = supplyPower
    }

    /// Nothing.
    public static let none = MeasurementSet(ber: false, opticalPower: false, supplyPower: false)
}

/// One temperature point: ramp, soak, then measure.
public struct TemperaturePoint: Sendable, Equatable, Codable {
    /// Setpoint, °C.
    public var celsius: Double
    /// Soak rule.
    public var soak: SoakRule
    /// BER gate, when `measure.ber`.
    public var gate: BERGate
    /// What to measure.
    public var measure: MeasurementSet
    /// Line in the profile, for messages.
    public var line: Int?
}

/// N cycles between two temperatures with a dwell at each end, then optionally measure at the end.
public struct CycleStage: Sendable, Equatable, Codable {
    /// Low temperature, °C.
    public var lowCelsius: Double
    /// High temperature, °C.
    public var highCelsius: Double
    /// Number of cycles.
    public var count: Int
    /// Dwell at each extreme once the DUT is in the band, s.
    public var dwellSeconds: Double
    /// Soak rule for reaching each extreme.
    public var soak: SoakRule
    /// Line in the profile.
    public var line: Int?
}

/// Hours at a temperature with the DUT powered and periodic read points.
public struct BurnInStage: Sendable, Equatable, Codable {
    /// Stress temperature, °C.
    public var celsius: Double
    /// Duration, hours.
    public var hours: Double
    /// Interval between read points, minutes.
    public var readEveryMinutes: Double
    /// Soak rule for reaching the stress temperature.
    public var soak: SoakRule
    /// Line in the profile.
    public var line: Int?
}

/// One entry of a profile's sequence.
public enum SequenceItem: Sendable, Equatable {
    /// A temperature point.
    case point(TemperaturePoint)
    /// Temperature cycling.
    case cycles(CycleStage)
    /// Burn-in.
    case burnIn(BurnInStage)
}

/// What to do when the sequence warms from below the dew point to above it.
public struct CondensationGuard: Sendable, Equatable, Codable {
    /// How to avoid condensation.
    public enum Strategy: String, Sendable, Codable, CaseIterable {
        /// Run the station's dry purge through the transition.
        case purge
        /// Ramp slowly so the DUT tracks the air.
        case slowRamp = "slow_ramp"
    }
    /// Dew point of the lab air, °C.
    public var dewPointCelsius: Double
    /// The strategy.
    public var strategy: Strategy
    /// Ramp rate for `slowRamp`, K/min.
    public var slowRampKelvinPerMinute: Double
}
