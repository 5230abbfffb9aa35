import BenchModel

/// The DUT supply's settings (a source-measure unit sourcing voltage with a current limit) and what follows
/// from them for a given DUT demand.
struct SupplyState: Sendable, Equatable {
    /// Power-on current limit of a Keithley 2450 sourcing voltage, A.
    static let powerOnCurrentLimit = 1.05e-4
    /// Below this fraction of the array's reference voltage the DUT browns out: it draws current but emits no
    /// light and accumulates no stress.
    static let brownOutFraction = 0.8

    /// Programmed source voltage, V.
    var volts = 0.0
    /// Programmed current limit (compliance), A.
    var currentLimit = SupplyState.powerOnCurrentLimit
    /// Whether the output relay is closed.
    var outputOn = false
    /// The source function (`VOLT` or `CURR`); the DUT model is only meaningful sourcing voltage.
    var sourceFunction = "VOLT"
    /// The measure function named by `SENS:FUNC`.
    var senseFunction = "CURR"

    /// What the supply delivers: terminal voltage and current, and whether it is limiting.
    struct OperatingPoint: Sendable, Equatable {
        /// Voltage at the terminals, V.
        var volts: Double
        /// Current delivered, A.
        var amps: Double
        /// Whether the supply is in current limit (the DUT wants more than the limit).
        var inCompliance: Bool
        /// Whether the DUT receives enough to work (emit light, age under stress).
        var dutPowered: Bool
    }

    /// The operating point for a DUT that would draw `demand(volts)` at the programmed voltage.
    /// In compliance the supply holds the current at its limit and the voltage falls (resistive load).
    func operatingPoint(referenceVolts: Double, demand: (Double) -> Double) -> OperatingPoint {
        guard outputOn, sourceFunction == "VOLT", volts > 0 else {
            return OperatingPoint(volts: 0, amps: 0, inCompliance: false, dutPowered: false)
        }
        let wanted = demand(volts)
        if wanted > currentLimit {
            let sagged = wanted > 0 ? volts * currentLimit / wanted : 0
            return OperatingPoint(volts: sagged, amps: currentLimit, inCompliance: true, dutPowered: false)
        }
        let working = volts >= Self.brownOutFraction * referenceVolts
        return OperatingPoint(volts: volts, amps: wanted, inCompliance: false, dutPowered: working)
    }
}
