import Foundation

/// One run as the run list shows it. JSON keys are snake_case (`started_at`, `dut_celsius`).
public struct RunSummary: Codable, Sendable, Equatable {
    /// The run directory's name: the id in the console's URLs.
    public var id: String
    /// The run id recorded in run.sqlite.
    public var runID: String
    /// The station id (`station.id` in the run's metadata).
    public var station: String
    /// The DUT serial.
    public var dut: String
    /// The DUT's lot, when one was given.
    public var lot: String?
    /// Who ran it.
    public var operatorName: String
    /// The profile's name and version.
    public var profile: String
    /// The profile's version.
    public var profileVersion: String
    /// Station time the run started.
    public var startedAt: Date
    /// Station time the run ended.
    public var endedAt: Date?
    /// `running`, `completed` or `incomplete`, as run.sqlite says.
    public var status: String
    /// PASS, FAIL or INCOMPLETE once decided.
    public var verdict: String?
    /// What the console shows: `live` (a process holds the run lock), `interrupted` (running but nobody holds it),
    /// or the verdict.
    public var state: String
    /// Why the run is INCOMPLETE.
    public var incompleteReason: String?
    /// Where a live or interrupted run stands.
    public var progress: RunProgress?
    /// The batch the run belongs to, or nil for a single run.
    public var batch: BatchMembership?
}

/// Where an unfinished run stands: step, phase, temperatures and the time left.
public struct RunProgress: Codable, Sendable, Equatable {
    /// The pid holding the run lock (live runs).
    public var pid: Int32?
    /// The running step's index (0-based), or the next pending one.
    public var stepIndex: Int?
    /// The running step's name.
    public var stepName: String?
    /// Steps in the plan.
    public var stepCount: Int
    /// Steps complete.
    public var stepsComplete: Int
    /// `ramp`, `soak`, `measure`, `gate` or `idle`.
    public var phase: String
    /// Latest chamber air temperature, °C.
    public var airCelsius: Double?
    /// Latest DUT temperature, °C.
    public var dutCelsius: Double?
    /// Latest chamber setpoint, °C.
    public var setpointCelsius: Double?
    /// Station time of the latest reading.
    public var lastReadingAt: Date?
    /// Estimated station seconds left (the plan's duration estimate).
    public var remainingSeconds: Double?
    /// Estimated station time the run ends.
    public var eta: Date?
}

/// One planned step and its state.
public struct StepView: Codable, Sendable, Equatable {
    /// Index in plan order.
    public var index: Int
    /// `point`, `dwell`, `burn_in`...
    public var kind: String
    /// The step's name.
    public var name: String
    /// Target temperature, °C.
    public var setpointCelsius: Double?
    /// `pending`, `running` or `complete`.
    public var status: String
    /// Attempts started.
    public var attempt: Int
    /// Station time it (last) started.
    public var startedAt: Date?
    /// Station time it ended.
    public var endedAt: Date?
}

/// One chart point: the chamber air, DUT temperature and setpoint at one reading.
public struct TemperaturePoint: Codable, Sendable, Equatable {
    /// Station time.
    public var time: Date
    /// Chamber air, °C.
    public var airCelsius: Double?
    /// DUT, °C.
    public var dutCelsius: Double?
}

/// One recorded event.
public struct EventView: Codable, Sendable, Equatable {
    /// Row id in run.sqlite.
    public var id: Int64
    /// Station time.
    public var time: Date
    /// The step it happened in.
    public var stepIndex: Int?
    /// `info`, `deviation`, `fault`, `retry`...
    public var kind: String
    /// What happened.
    public var message: String
}

/// The lane map of the latest BER gate: each lane's state.
public struct LaneMapView: Codable, Sendable, Equatable {
    /// The gate's step, or nil before any gate.
    public var stepIndex: Int?
    /// Per lane: `accepted`, `rejected` (decided), `counting`, `errors`, `no_sync` (gate running), `waiting`.
    public var lanes: [String]
    /// Lanes decided (accepted + rejected).
    public var decided: Int
    /// Lanes rejected.
    public var failed: Int
    /// Rejected lanes covered by spare lanes.
    public var remapped: Int
}

/// Counters over the run's events.
public struct EventCounts: Codable, Sendable, Equatable {
    /// Instrument retries (`retry` events).
    public var retries: Int
    /// Station faults (`fault` events).
    public var faults: Int
    /// Deviations (`deviation` events).
    public var deviations: Int
    /// Whether a fault names a chamber alarm.
    public var chamberAlarm: Bool
}

/// Everything the run page shows.
public struct RunDetail: Codable, Sendable, Equatable {
    /// The run list's view of it.
    public var summary: RunSummary
    /// The steps in plan order.
    public var steps: [StepView]
    /// The temperature chart (thinned to at most a few hundred points).
    public var temperatures: [TemperaturePoint]
    /// The latest gate's lane map.
    public var lanes: LaneMapView
    /// The latest events (at most 200), oldest first.
    public var events: [EventView]
    /// Event counters.
    public var counts: EventCounts
    /// Files present in the run directory among those the console serves.
    public var files: [String]
    /// A token that changes whenever anything is recorded: the latest measurement and event ids.
    public var change: String
}

/// A run's lane and event figures (for `/metrics`).
public struct RunFigures: Codable, Sendable, Equatable {
    /// The latest gate's lane map.
    public var lanes: LaneMapView
    /// Event counters.
    public var counts: EventCounts
}
