import Foundation

/// What a run recorded, reduced to what the verdict rules read: per step its conditions, per lane its gate
/// decisions and power readings. Built from run.sqlite by ``VerdictEngine``; every figure can be traced back to rows
/// there.
public struct RunEvidence: Sendable, Codable, Equatable {
    /// Why the evidence cannot decide the run: station faults, aborts, steps not complete, missing readings.
    public var incomplete: [String]
    /// Calibration records that were not valid during the run, by instrument.
    public var calibration: [String]
    /// A failure of the DUT itself that stopped the run (e.g. over-current), with its cause.
    public var dutFailure: String?
    /// Every planned step.
    public var steps: [StepEvidence]
    /// Every lane.
    public var lanes: [LaneEvidence]

    /// Creates evidence.
    public init(incomplete: [String], calibration: [String], dutFailure: String?, steps: [StepEvidence], lanes: [LaneEvidence]) {
        self.incomplete = incomplete
        self.calibration = calibration
        self.dutFailure = dutFailure
        self.steps = steps
        self.lanes = lanes
    }

    enum CodingKeys: String, CodingKey {
        case incomplete, calibration, steps, lanes
        case dutFailure = "dut_failure"
    }
}

/// One planned step: whether it completed, what it measured and the DUT's temperature while it measured.
public struct StepEvidence: Sendable, Codable, Equatable {
    /// Plan step index.
    public var index: Int
    /// Step name.
    public var name: String
    /// `temperature-point`, `cycle-dwell` or `burn-in-read-point`.
    public var kind: String
    /// Setpoint, °C.
    public var celsius: Double
    /// Whether the step completed.
    public var complete: Bool
    /// Attempts the step took (more than one after a resume or a repeated measurement's restart).
    public var attempts: Int
    /// Whether the step ran a BER gate.
    public var measuresBER: Bool
    /// Whether the step read per-lane optical power.
    public var measuresOpticalPower: Bool
    /// Whether the step read supply power.
    public var measuresSupplyPower: Bool
    /// For burn-in read points: hours into the burn-in.
    public var burnInHours: Double?
    /// The DUT's temperature over the step's (last) measurement window.
    public var window: MeasurementWindow?
    /// Mean supply power over the measurement window, W.
    public var supplyWatts: Double?

    /// Creates a step's evidence.
    public init(
        index: Int, name: String, kind: String, celsius: Double, complete: Bool, attempts: Int, measuresBER: Bool, measuresOpticalPower: Bool,
        measuresSupplyPower: Bool, burnInHours: Double?, window: MeasurementWindow?, supplyWatts: Double?
    ) {
        self.index = index
        self.name = name
        self.kind = kind
        self.celsius = celsius
        self.complete = complete
        self.attempts = attempts
        self.measuresBER = measuresBER
        self.measuresOpticalPower = measuresOpticalPower
        self.measuresSupplyPower = measuresSupplyPower
        self.burnInHours = burnInHours
        self.window = window
        self.supplyWatts = supplyWatts
    }

    enum CodingKeys: String, CodingKey {
        case index, name, kind, celsius, complete, attempts, window
        case measuresBER = "measures_ber"
        case measuresOpticalPower = "measures_optical_power"
        case measuresSupplyPower = "measures_supply_power"
        case burnInHours = "burn_in_hours"
        case supplyWatts = "supply_watts"
    }

    /// Whether the step measures anything at all.
    public var measures: Bool { measuresBER || measuresOpticalPower || measuresSupplyPower }
}

/// The DUT temperature over a measurement window: from the start of the (last) measurement to its end, apart from
/// the ramp and the soak before it.
public struct MeasurementWindow: Sendable, Codable, Equatable {
    /// Half-width of the band the DUT must stay in, K (the step's soak band).
    public var bandKelvin: Double
    /// DUT temperature readings in the window.
    public var samples: Int
    /// Lowest DUT temperature, °C.
    public var dutMinimumCelsius: Double?
    /// Highest DUT temperature, °C.
    public var dutMaximumCelsius: Double?
    /// Mean DUT temperature, °C.
    public var dutMeanCelsius: Double?
    /// How many earlier measurements of the step were abandoned and repeated (temperature excursion, an instrument
    /// that lost its settings).
    public var repeats: Int

    /// Creates a window.
    public init(
        bandKelvin: Double, samples: Int, dutMinimumCelsius: Double?, dutMaximumCelsius: Double?, dutMeanCelsius: Double?, repeats: Int
    ) {
        self.bandKelvin = bandKelvin
        self.samples = samples
        self.dutMinimumCelsius = dutMinimumCelsius
        self.dutMaximumCelsius = dutMaximumCelsius
        self.dutMeanCelsius = dutMeanCelsius
        self.repeats = repeats
    }

    enum CodingKeys: String, CodingKey {
        case samples, repeats
        case bandKelvin = "band_kelvin"
        case dutMinimumCelsius = "dut_min_celsius"
        case dutMaximumCelsius = "dut_max_celsius"
        case dutMeanCelsius = "dut_mean_celsius"
    }
}

/// One lane's evidence.
public struct LaneEvidence: Sendable, Codable, Equatable {
    /// Lane index, 0-based.
    public var lane: Int
    /// `active` or `spare`.
    public var role: String
    /// The BER gate's outcome at every gated step.
    public var gates: [LaneGateEvidence]
    /// Optical power at every step that measured it, but the burn-in read points; `nil` watts: no reading.
    public var power: [LanePowerEvidence]
    /// Optical power over the burn-in read points.
    public var burnIn: BurnInEvidence?

    /// Creates a lane's evidence.
    public init(lane: Int, role: String, gates: [LaneGateEvidence], power: [LanePowerEvidence], burnIn: BurnInEvidence?) {
        self.lane = lane
        self.role = role
        self.gates = gates
        self.power = power
        self.burnIn = burnIn
    }

    enum CodingKeys: String, CodingKey {
        case lane, role, gates, power
        case burnIn = "burn_in"
    }
}

/// A lane's BER gate at one step: the counts at its decision and its synchronisation history.
public struct LaneGateEvidence: Sendable, Codable, Equatable {
    /// Plan step index.
    public var step: Int
    /// Bits compared since the count (re)started, at the decision.
    public var comparedBits: Double
    /// Errors since the count (re)started, at the decision.
    public var errors: Double
    /// `accept` or `reject` as the gate decided it (recomputed by the rules from the counts and the plan).
    public var decision: String
    /// Times the detector lost lock during the gate (a lane that never locked counts one).
    public var lockLosses: Int
    /// Times the count was restarted after a loss (at most once, with `on_sync_loss: restart-once`).
    public var restarts: Int

    /// Creates a lane's gate evidence.
    public init(step: Int, comparedBits: Double, errors: Double, decision: String, lockLosses: Int, restarts: Int) {
        self.step = step
        self.comparedBits = comparedBits
        self.errors = errors
        self.decision = decision
        self.lockLosses = lockLosses
        self.restarts = restarts
    }

    enum CodingKeys: String, CodingKey {
        case step, errors, decision, restarts
        case comparedBits = "compared_bits"
        case lockLosses = "lock_losses"
    }
}

/// A lane's optical power at one step.
public struct LanePowerEvidence: Sendable, Codable, Equatable {
    /// Plan step index.
    public var step: Int
    /// Optical power, W; nil when the step measured no power for this lane.
    public var watts: Double?

    /// Creates a power entry.
    public init(step: Int, watts: Double?) {
        self.step = step
        self.watts = watts
    }
}

/// A lane's optical power over the burn-in: running sums for the drift fit, and how many read points lacked a
/// reading or read dark.
public struct BurnInEvidence: Sendable, Codable, Equatable {
    /// The readings' running sums, extremes, first and last reading.
    public var series: BurnInPowerSeries
    /// Completed read points without a reading for this lane.
    public var missing: Int
    /// Read points at which the lane read at or below the dark floor.
    public var dark: Int
    /// The first read point (plan step) at which the lane read dark.
    public var firstDarkStep: Int?

    /// Creates burn-in evidence.
    public init(series: BurnInPowerSeries, missing: Int, dark: Int, firstDarkStep: Int?) {
        self.series = series
        self.missing = missing
        self.dark = dark
        self.firstDarkStep = firstDarkStep
    }

    enum CodingKeys: String, CodingKey {
        case series, missing, dark
        case firstDarkStep = "first_dark_step"
    }
}
