/// The acceptance criteria of a profile.
public struct Criteria: Sendable, Equatable, Codable {
    /// How results are compared with limits.
    public var decisionRule: DecisionRule
    /// Absolute per-lane optical power window, dBm.
    public var opticalPower: OpticalPowerWindow?
    /// Retention of optical power at a temperature relative to a reference temperature.
    public var retention: [RetentionCriterion]
    /// Energy-per-bit limit at every measured temperature.
    public var energyPerBit: EnergyPerBitCriterion?
    /// Burn-in drift limits.
    public var burnInDrift: DriftCriterion?
}

/// Simple acceptance or a guard band w = k·U (ILAC-G8 §4.2).
public struct DecisionRule: Sendable, Equatable, Codable {
    /// The kind of rule.
    public enum Kind: String, Sendable, Codable, CaseIterable {
        /// Compare the measured value with the limit directly.
        case simpleAcceptance = "simple_acceptance"
        /// Shrink the acceptance zone by k·U.
        case guardBand = "guard_band"
    }
    /// The kind of rule.
    public var kind: Kind
    /// Coverage factor k of the guard band.
    public var coverageFactor: Double

    /// Simple acceptance.
    public static let simple = DecisionRule(kind: .simpleAcceptance, coverageFactor: 2)
}

/// Per-lane optical power window.
public struct OpticalPowerWindow: Sendable, Equatable, Codable {
    /// Lowest acceptable power, dBm.
    public var minimumDBm: Double
    /// Highest acceptable power, dBm.
    public var maximumDBm: Double
}

/// Power at `atCelsius` must be at least `minimumFraction` of the power at `referenceCelsius`, per lane.
public struct RetentionCriterion: Sendable, Equatable, Codable {
    /// The temperature checked, °C.
    public var atCelsius: Double
    /// The reference temperature, °C.
    public var referenceCelsius: Double
    /// Minimum fraction, e.g. 0.90.
    public var minimumFraction: Double
}

/// Supply power divided by the aggregate payload rate of the required lanes.
public struct EnergyPerBitCriterion: Sendable, Equatable, Codable {
    /// Limit, pJ/bit.
    public var maximumPicojoulesPerBit: Double
    /// Which rails count, e.g. `["dut"]`.
    public var rails: [String]
}

/// Burn-in drift limits on each lane's optical power.
public struct DriftCriterion: Sendable, Equatable, Codable {
    /// Warning slope, % per 1000 h (magnitude).
    public var warningPercentPer1000Hours: Double
    /// Critical slope, % per 1000 h (magnitude): a lane beyond it fails.
    public var criticalPercentPer1000Hours: Double
    /// Largest cumulative change over the burn-in, % (magnitude): a lane beyond it fails.
    public var maximumChangePercent: Double
}
