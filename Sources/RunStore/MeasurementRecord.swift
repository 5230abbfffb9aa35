import Foundation

/// One reading taken by an instrument during a step attempt.
public struct MeasurementRecord: Codable, Sendable, Equatable {
    /// The step the reading belongs to.
    public var stepIndex: Int
    /// The step attempt that took it (1 or more).
    public var attempt: Int
    /// The DUT lane; `nil` for station-wide quantities (temperatures, supply).
    public var lane: Int?
    /// What was measured: `"optical_power"`, `"ber_compared_bits"`, `"ber_errors"`, `"supply_current"`,
    /// `"dut_temperature"`, ...
    public var quantity: String
    /// The value in `unit`. NaN is stored (as SQL NULL) and read back as NaN.
    public var value: Double
    /// The unit: `"W"`, `"bit"`, `"A"`, `"V"`, `"degC"`, ...
    public var unit: String
    /// Station clock time of the reading (virtual on simulated stations).
    public var time: Date
    /// The role name of the instrument that took it, for example `"meter"`.
    public var instrument: String

    /// Makes a measurement record.
    public init(
        stepIndex: Int, attempt: Int, lane: Int?, quantity: String, value: Double, unit: String,
        time: Date, instrument: String
    ) {
        self.stepIndex = stepIndex
        self.attempt = attempt
        self.lane = lane
        self.quantity = quantity
        self.value = value
        self.unit = unit
        self.time = time
        self.instrument = instrument
    }
}
