/// Bounds every loaded value must respect, whatever the bench: a typo (an extra zero, a unit mix-up) is reported
/// instead of planned, and no later arithmetic on a loaded value can overflow or exhaust memory.
enum Plausible {
    /// Temperatures, °C: not below absolute zero, not above 1000 °C.
    static let celsius: ClosedRange<Double> = -273.15...1000
    /// The longest soak, gate, dwell or fault duration, s (about 116 days).
    static let maximumSeconds: Double = 10_000_000
    /// The longest burn-in, h.
    static let maximumHours: Double = 100_000
    /// The most lanes a DUT or simulated array may have.
    static let maximumLanes = 100_000
    /// The highest instrument channel number.
    static let maximumChannel = 100_000
    /// The most temperature cycles in one stage.
    static let maximumCycles = 100_000
    /// The slowest ramp rate, K/min: anything slower never arrives.
    static let minimumRampKelvinPerMinute: Double = 0.01
    /// The largest air overshoot past a target, K: beyond that the air is a different test condition.
    static let maximumAirOvershootKelvin: Double = 50
    /// The shortest BER-gate poll interval, s: reading a BERT's counters takes longer than that anyway.
    static let minimumPollSeconds: Double = 0.1
    /// The narrowest soak band, K: no chamber or DUT sensor resolves less.
    static let minimumBandKelvin: Double = 0.01
    /// The largest injected temperature excursion, K, either way.
    static let maximumExcursionKelvin: Double = 200
    /// The most read points in one burn-in stage.
    static let maximumReadPoints = 100_000
    /// The most errors a multi-stage BER gate may allow: each is one more look to compute.
    static let maximumGateErrors = 50
    /// The most times a measurement interrupted by a temperature excursion may be repeated.
    static let maximumMeasurementRepeats = 20
}
