/// The Keithley 2400-Graphical-series SourceMeters ``Keithley2450Supply`` drives: one SCPI command set (`*LANG?`,
/// `:SOUR:VOLT:ILIM`, `:SOUR:VOLT:ILIM:TRIP?`, `:OUTP`), different ranges.
///
/// Ratings are the largest `:SOURce:VOLTage:LEVel` and `:SOURce:VOLTage:ILIMit` each model accepts (its top ranges
/// with 5 % over-range), from the Keithley reference manuals' SCPI command reference, `:SOURce[1]:<function>:<x>LIMit`:
/// 2450 (2450-901-01 Rev. B §6) −1.05 A to 1.05 A, −210 V to 210 V (also pymeasure `keithley2450.py`, QCoDeS
/// `Keithley_2450.py`, instruments-audit.md); 2461 (2461-901-01 A §6) 1 µA to 7.35 A, 0.2 V to 105 V, the same DC
/// ranges as the 2460 (100 V and 7 A top ranges, e.g. `Smu_Keithley_2460.py` in Shy1011/instrument_driver: voltage
/// ranges to 100 V, current ranges to 7 A); 2470 (2470-901-01 Rev. A §12) −1.05 A to 1.05 A, −1100 V to 1100 V.
/// The 2461's 10 A pulse mode is not used here.
public enum KeithleySourceMeterModel: String, Sendable, CaseIterable {
    /// 2450 Interactive SourceMeter: 200 V, 1 A ranges.
    case model2450 = "2450"
    /// 2460 High Current SourceMeter: 100 V, 7 A ranges.
    case model2460 = "2460"
    /// 2461 High Current Pulse SourceMeter: 100 V, 7 A DC ranges.
    case model2461 = "2461"
    /// 2470 High Voltage SourceMeter: 1000 V, 1 A ranges.
    case model2470 = "2470"

    /// The model for a canonical driver name (`keithley-2460`), nil for other drivers.
    public init?(driver: String) {
        guard let model = Self.allCases.first(where: { $0.driverName == driver.lowercased() }) else { return nil }
        self = model
    }

    /// The canonical driver name, `keithley-<model>`.
    public var driverName: String { "keithley-\(rawValue)" }

    /// The highest voltage the model sources, V.
    public var ratedVolts: Double {
        switch self {
        case .model2450: 210
        case .model2460, .model2461: 105
        case .model2470: 1100
        }
    }

    /// The highest current limit the model accepts while sourcing voltage, A.
    public var ratedAmps: Double {
        switch self {
        case .model2450, .model2470: 1.05
        case .model2460, .model2461: 7.35
        }
    }

    /// "Keithley 2460", for messages.
    public var title: String { "Keithley \(rawValue)" }
}
