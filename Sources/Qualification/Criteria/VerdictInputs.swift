import Foundation
import LinkStatistics

/// Everything a verdict is computed from: the rules (limits, plans, uncertainties) and the evidence (per lane, per
/// step), and nothing else. ``VerdictRules/judge(_:)`` turns it into an ``Assessment``; the certificate carries it
/// whole, so `qualstation certificate verify` and a third party (scripts/check-certificate.py) recompute every
/// verdict from the certificate alone.
public struct VerdictInputs: Sendable, Codable, Equatable {
    /// The rules of the profile joined with the station.
    public var parameters: VerdictParameters
    /// What the run recorded.
    public var evidence: RunEvidence

    /// Creates the inputs.
    public init(parameters: VerdictParameters, evidence: RunEvidence) {
        self.parameters = parameters
        self.evidence = evidence
    }
}

/// The rules every verdict follows: from the profile, the station's calibration records and the gate plans.
public struct VerdictParameters: Sendable, Codable, Equatable {
    /// Lanes of the DUT.
    public var lanes: Int
    /// Lanes the part needs; the rest are spares.
    public var requiredLanes: Int
    /// Line rate per lane, bit/s.
    public var lineRateBitsPerSecond: Double
    /// `simple_acceptance` or `guard_band`.
    public var decisionRule: String
    /// The guard band's factor k in w = k·U.
    public var coverageFactor: Double
    /// The expanded uncertainty of optical power readings, % (meter calibration), when recorded.
    public var opticalPowerUncertaintyPercent: Double?
    /// The expanded uncertainty of supply voltage readings, % (supply calibration), when recorded.
    public var supplyVoltageUncertaintyPercent: Double?
    /// The expanded uncertainty of supply current readings, % (supply calibration), when recorded.
    public var supplyCurrentUncertaintyPercent: Double?
    /// A lane reading at or below this optical power is dark, dBm.
    public var darkFloorDBm: Double
    /// The BER gate of every gated step.
    public var gates: [GateParameters]
    /// The optical power window, when the profile has one.
    public var opticalPower: PowerWindowParameters?
    /// The retention criteria.
    public var retention: [RetentionParameters]
    /// The energy-per-bit limit, when the profile has one.
    public var energyPerBit: EnergyParameters?
    /// The burn-in drift limits, when the profile has them.
    public var burnInDrift: DriftParameters?

    /// Creates the value.
    public init(lanes: Int, requiredLanes: Int, lineRateBitsPerSecond: Double, decisionRule: String, coverageFactor: Double, opticalPowerUncertaintyPercent: Double?, supplyVoltageUncertaintyPercent: Double?, supplyCurrentUncertaintyPercent: Double?, darkFloorDBm: Double, gates: [GateParameters], opticalPower: PowerWindowParameters?, retention: [RetentionParameters], energyPerBit: EnergyParameters?, burnInDrift: DriftParameters?) {
        self.lanes = lanes
        self.requiredLanes = requiredLanes
        self.lineRateBitsPerSecond = lineRateBitsPerSecond
        self.decisionRule = decisionRule
        self.coverageFactor = coverageFactor
        self.opticalPowerUncertaintyPercent = opticalPowerUncertaintyPercent
        self.supplyVoltageUncertaintyPercent = supplyVoltageUncertaintyPercent
        self.supplyCurrentUncertaintyPercent = supplyCurrentUncertaintyPercent
        self.darkFloorDBm = darkFloorDBm
        self.gates = gates
        self.opticalPower = opticalPower
        self.retention = retention
        self.energyPerBit = energyPerBit
        self.burnInDrift = burnInDrift
    }

    enum CodingKeys: String, CodingKey {
        case lanes, gates, retention
        case requiredLanes = "required_lanes"
        case lineRateBitsPerSecond = "line_rate_bits_per_second"
        case decisionRule = "decision_rule"
        case coverageFactor = "coverage_factor"
        case opticalPowerUncertaintyPercent = "optical_power_uncertainty_percent"
        case supplyVoltageUncertaintyPercent = "supply_voltage_uncertainty_percent"
        case supplyCurrentUncertaintyPercent = "supply_current_uncertainty_percent"
        case darkFloorDBm = "dark_floor_dbm"
        case opticalPower = "optical_power"
        case energyPerBit = "energy_per_bit"
        case burnInDrift = "burn_in_drift"
    }

    /// Whether the decision rule is a guard band (ILAC-G8 §4.2.2).
    public var usesGuardBand: Bool { decisionRule == "guard_band" }
}

/// One step's BER gate: its stopping plan with the exact operating characteristic, and how it polled.
public struct GateParameters: Sendable, Codable, Equatable {
    /// The plan step.
    public var step: Int
    /// The step's setpoint, °C.
    public var celsius: Double
    /// PRBS pattern name.
    public var pattern: String
    /// Whether the pattern is inverted.
    public var inverted: Bool
    /// The stopping plan: looks, thresholds and the α each spends.
    public var plan: GatePlan
    /// The gate's maximum, s.
    public var maximumSeconds: Double
    /// The poll interval, s (the gate also reads exactly at every look).
    public var pollSeconds: Double
    /// `fail` or `restart-once`.
    public var onSyncLoss: String
    /// Exact P(accept) at BER = target: the false-acceptance probability, at most 1 − confidence.
    public var acceptanceAtTarget: Double
    /// Exact P(accept) at BER = target/10.
    public var acceptanceAtTenthOfTarget: Double

    /// Creates the value.
    public init(step: Int, celsius: Double, pattern: String, inverted: Bool, plan: GatePlan, maximumSeconds: Double, pollSeconds: Double, onSyncLoss: String, acceptanceAtTarget: Double, acceptanceAtTenthOfTarget: Double) {
        self.step = step
        self.celsius = celsius
        self.pattern = pattern
        self.inverted = inverted
        self.plan = plan
        self.maximumSeconds = maximumSeconds
        self.pollSeconds = pollSeconds
        self.onSyncLoss = onSyncLoss
        self.acceptanceAtTarget = acceptanceAtTarget
        self.acceptanceAtTenthOfTarget = acceptanceAtTenthOfTarget
    }

    enum CodingKeys: String, CodingKey {
        case step, celsius, pattern, inverted, plan
        case maximumSeconds = "max_seconds"
        case pollSeconds = "poll_seconds"
        case onSyncLoss = "on_sync_loss"
        case acceptanceAtTarget = "p_accept_at_target"
        case acceptanceAtTenthOfTarget = "p_accept_at_target_over_10"
    }
}

/// The optical power window, dBm.
public struct PowerWindowParameters: Sendable, Codable, Equatable {
    /// Lowest acceptable power, dBm.
    public var minimumDBm: Double
    /// Highest acceptable power, dBm.
    public var maximumDBm: Double

    /// Creates the value.
    public init(minimumDBm: Double, maximumDBm: Double) {
        self.minimumDBm = minimumDBm
        self.maximumDBm = maximumDBm
    }

    enum CodingKeys: String, CodingKey {
        case minimumDBm = "min_dbm"
        case maximumDBm = "max_dbm"
    }
}

/// One retention criterion, resolved to the plan steps it compares.
public struct RetentionParameters: Sendable, Codable, Equatable {
    /// The criterion's name, e.g. `retention at 85 °C vs 25 °C`.
    public var name: String
    /// The hot step; nil when the plan measures no power there.
    public var atStep: Int?
    /// The reference step; nil when the plan measures no power there.
    public var referenceStep: Int?
    /// The smallest acceptable fraction of the reference power.
    public var minimumFraction: Double

    /// Creates the value.
    public init(name: String, atStep: Int?, referenceStep: Int?, minimumFraction: Double) {
        self.name = name
        self.atStep = atStep
        self.referenceStep = referenceStep
        self.minimumFraction = minimumFraction
    }

    enum CodingKeys: String, CodingKey {
        case name
        case atStep = "at_step"
        case referenceStep = "reference_step"
        case minimumFraction = "min_fraction"
    }
}

/// The energy-per-bit limit.
public struct EnergyParameters: Sendable, Codable, Equatable {
    /// The limit, pJ/bit.
    public var maximumPicojoulesPerBit: Double
    /// The rails the supply power covers.
    public var rails: [String]

    /// Creates the value.
    public init(maximumPicojoulesPerBit: Double, rails: [String]) {
        self.maximumPicojoulesPerBit = maximumPicojoulesPerBit
        self.rails = rails
    }

    enum CodingKeys: String, CodingKey {
        case rails
        case maximumPicojoulesPerBit = "max_pj_per_bit"
    }
}

/// The burn-in drift limits, % of the first reading per 1000 h.
public struct DriftParameters: Sendable, Codable, Equatable {
    /// Warning level.
    public var warningPercentPer1000Hours: Double
    /// Critical level: a counted lane beyond it fails.
    public var criticalPercentPer1000Hours: Double
    /// Largest change from the first to the last read point, %.
    public var maximumChangePercent: Double

    /// Creates the value.
    public init(warningPercentPer1000Hours: Double, criticalPercentPer1000Hours: Double, maximumChangePercent: Double) {
        self.warningPercentPer1000Hours = warningPercentPer1000Hours
        self.criticalPercentPer1000Hours = criticalPercentPer1000Hours
        self.maximumChangePercent = maximumChangePercent
    }

    enum CodingKeys: String, CodingKey {
        case warningPercentPer1000Hours = "warning_percent_per_1000h"
        case criticalPercentPer1000Hours = "critical_percent_per_1000h"
        case maximumChangePercent = "max_change_percent"
    }
}
