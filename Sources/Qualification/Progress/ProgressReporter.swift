/// Where the sequencer reports progress: a live status line on a terminal, plain lines otherwise.
public protocol ProgressReporter: Sendable {
    /// Something happened worth a line of its own (step started, gate done, retry, fault).
    func event(_ text: String)
    /// The current state, for a live status line. Reporters that print plain lines may ignore it.
    func status(_ status: ProgressStatus)
}

/// A snapshot of where a run is.
public struct ProgressStatus: Sendable, Equatable {
    /// Step name.
    public var step: String
    /// 1-based step number.
    public var stepNumber: Int
    /// Steps in the plan.
    public var stepCount: Int
    /// What the step is doing: ramp, soak, gate, burn-in.
    public var phase: String
    /// Air temperature, °C.
    public var airCelsius: Double?
    /// DUT temperature, °C.
    public var dutCelsius: Double?
    /// Lanes decided in the current gate.
    public var lanesDone: Int?
    /// Lanes in the gate.
    public var lanesTotal: Int?
    /// Station seconds to the end of the run, estimated.
    public var remainingSeconds: Double?

    /// Creates a status.
    public init(
        step: String, stepNumber: Int, stepCount: Int, phase: String, airCelsius: Double? = nil, dutCelsius: Double? = nil,
        lanesDone: Int? = nil, lanesTotal: Int? = nil, remainingSeconds: Double? = nil
    ) {
        self.step = step
        self.stepNumber = stepNumber
        self.stepCount = stepCount
        self.phase = phase
        self.airCelsius = airCelsius
        self.dutCelsius = dutCelsius
        self.lanesDone = lanesDone
        self.lanesTotal = lanesTotal
        self.remainingSeconds = remainingSeconds
    }
}

/// A reporter that drops everything, for tests and benchmarks.
public struct SilentProgress: ProgressReporter {
    /// Creates the reporter.
    public init() {}
    public func event(_ text: String) {}
    public func status(_ status: ProgressStatus) {}
}
