import PRBS

/// A qualification profile: what qualifying a part means, independent of any bench.
public struct Profile: Sendable {
    /// The path the file was loaded from.
    public var path: String
    /// SHA-256 of the file's bytes, hex.
    public var sha256: String
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

    /// Creates a soak rule.
    public init(bandKelvin: Double, stabilitySeconds: Double, maximumSeconds: Double) {
        self.bandKelvin = bandKelvin
        self.stabilitySeconds = stabilitySeconds
        self.maximumSeconds = maximumSeconds
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

    /// Creates a gate.
    public init(pattern: PRBSPattern, inverted: Bool, targetBER: Double, confidence: Double, maximumSeconds: Double, pollSeconds: Double) {
        self.pattern = pattern
        self.inverted = inverted
        self.targetBER = targetBER
        self.confidence = confidence
        self.maximumSeconds = maximumSeconds
        self.pollSeconds = pollSeconds
    }
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
