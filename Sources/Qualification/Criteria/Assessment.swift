import Foundation

/// The three verdicts. FAIL is only ever the DUT's own failure; a station fault, abort, expired calibration or
/// missing evidence makes a run INCOMPLETE.
public enum Verdict: String, Sendable, Codable, Equatable {
    /// Complete, in-calibration evidence and every criterion met.
    case pass = "PASS"
    /// Complete evidence and the DUT failed a criterion.
    case fail = "FAIL"
    /// Evidence incomplete, out of calibration, or the run stopped.
    case incomplete = "INCOMPLETE"

    /// The exit code of `run` and `resume`: 0 PASS, 1 FAIL, 2 INCOMPLETE.
    public var exitCode: Int32 {
        switch self {
        case .pass: return 0
        case .fail: return 1
        case .incomplete: return 2
        }
    }
}

/// One criterion's result, with everything a third party needs to recompute it.
public struct CriterionResult: Sendable, Codable, Equatable {
    /// Criterion name, e.g. `energy per bit at 85 °C`.
    public var name: String
    /// The measured value the decision used.
    public var measured: Double?
    /// The limit from the profile.
    public var limit: Double?
    /// Unit of `measured` and `limit`.
    public var unit: String
    /// Expanded uncertainty of the measured value, from the calibration records.
    public var uncertainty: Double?
    /// The decision rule applied, e.g. `simple acceptance` or `guard band w = 1·U`.
    public var decisionRule: String
    /// The verdict.
    public var verdict: Verdict
    /// How the verdict follows from the values.
    public var detail: String
}

/// The BER gate's outcome for one lane at one gated step, as the rules judged it.
public struct LaneBEREvidence: Sendable, Codable, Equatable {
    /// Step index.
    public var step: Int
    /// Setpoint, °C.
    public var celsius: Double
    /// Bits compared since the count (re)started, at the decision.
    public var comparedBits: Double
    /// Errors since the count (re)started, at the decision.
    public var errors: Double
    /// `accept` or `reject`: the stopping plan's decision on these counts.
    public var decision: String
    /// Times the detector lost lock during the gate.
    public var lockLosses: Int
    /// Times the count was restarted after a loss.
    public var restarts: Int
    /// The gate's target BER.
    public var targetBER: Double
    /// Whether the lane passed the gate: accepted, with no loss of lock the policy does not forgive.
    public var meetsTarget: Bool
}

/// Everything known about one lane.
public struct LaneResult: Sendable, Codable, Equatable {
    /// Lane index (0-based).
    public var lane: Int
    /// `active` for lanes the part needs, `spare` otherwise.
    public var role: String
    /// Optical power by step index, W, at every step but the burn-in read points (see ``burnIn``).
    public var powerByStep: [String: Double]
    /// Optical power over the burn-in read points, when the plan has a burn-in; its drift is what the burn-in
    /// criterion judges.
    public var burnIn: BurnInPowerSeries?
    /// BER evidence per gated step.
    public var ber: [LaneBEREvidence]
    /// The criteria this lane failed.
    public var failures: [String]
    /// Lane-level warnings (e.g. drift above the warning level).
    public var warnings: [String]

    /// Whether the lane passed everything.
    public var passed: Bool { failures.isEmpty }
}

/// A per-step summary: conditions and supply figures.
public struct StepSummary: Sendable, Codable, Equatable {
    /// Step index.
    public var index: Int
    /// Step name.
    public var name: String
    /// Setpoint, °C.
    public var setpointCelsius: Double
    /// Mean DUT temperature during measurement, °C.
    public var dutCelsius: Double?
    /// Mean supply power, W.
    public var supplyWatts: Double?
    /// Energy per bit over the required lanes, pJ/bit.
    public var picojoulesPerBit: Double?
    /// Attempts the step took (more than one after a resume).
    public var attempts: Int
    /// The DUT's temperature over the measurement window.
    public var window: MeasurementWindow?
}

/// The verdict and the evidence behind it, computed from the run store alone.
public struct Assessment: Sendable, Codable, Equatable {
    /// Overall verdict.
    public var verdict: Verdict
    /// Why, in one or more sentences (failing criteria or the reason the run is incomplete).
    public var reasons: [String]
    /// Each criterion's result.
    public var criteria: [CriterionResult]
    /// Each lane's evidence.
    public var lanes: [LaneResult]
    /// Failed active lanes mapped onto spare lanes (`"12": 401`).
    public var remap: [String: Int]
    /// Per-step conditions.
    public var steps: [StepSummary]
    /// The lanes the part would use after remapping: what every per-lane criterion is judged on.
    public var countedLanes: [Int]
    /// What the verdict was computed from; ``VerdictRules/judge(_:)`` of these gives this assessment again.
    public var inputs: VerdictInputs
}
