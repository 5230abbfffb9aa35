/// The ThermoStream model, where models really differ: the lowest air temperature, what `WHAT?` answers on the
/// Operator screen, and the meaning of the `EROR?` bits.
///
/// Sources (instruments-audit.md, "thermostream-ats"): pymeasure `temptronic_base.py` (WHAT? 5 = manual, the
/// base error bits), `temptronic_ats525.py` / `temptronic_ats545.py` / `temptronic_eco560.py` (LLIM minimum −60,
/// −80 and −150 °C; the ATS-545 answers WHAT? with 10 in manual mode; the ECO-560's own error bits).
public enum ThermoStreamModel: String, Sendable, CaseIterable, Codable {
    /// ATS-525: air down to −60 °C.
    case ats525 = "ats-525"
    /// ATS-545: air down to −80 °C; `WHAT?` answers 10 on the Operator screen.
    case ats545 = "ats-545"
    /// ECO-560: air down to −150 °C; its own error bits.
    case eco560 = "eco-560"
    /// A model not listed: the base command set's range (−99 °C) and `WHAT?` = 5.
    case generic = "ats"

    /// The lowest air temperature limit (`LLIM`) the model accepts, °C.
    public var lowestAirCelsius: Double {
        switch self {
        case .ats525: -60
        case .ats545: -80
        case .eco560: -150
        case .generic: -99
        }
    }

    /// The highest air temperature limit (`ULIM`), °C (pymeasure `temptronic_base.py`).
    public var highestAirCelsius: Double { 225 }

    /// What `WHAT?` answers on the Operator (manual) screen.
    public var manualScreenValues: Set<Int> {
        self == .ats545 ? [5, 10] : [5]
    }

    /// The model an `*IDN?` model field names, if it names one of the listed models.
    public static func identified(by model: String) -> ThermoStreamModel? {
        let text = model.uppercased().filter { $0.isLetter || $0.isNumber }
        if text.contains("525") { return .ats525 }
        if text.contains("545") { return .ats545 }
        if text.contains("560") { return .eco560 }
        return nil
    }

    /// The `EROR?` bits of this model, with their names for a technician.
    public var faultNames: [(bit: Int, name: String)] {
        switch self {
        case .eco560:
            // temptronic_eco560.py: bits 2, 5, 8 and 10 differ from the base class; the others are kept.
            [(0, "overheat"), (1, "air open loop"), (2, "set point out of range"), (3, "low air flow"),
             (4, "low input air pressure"), (5, "no purge flow"), (7, "internal error"), (8, "DUT open loop"),
             (9, "flow sensor hardware error"), (10, "purge heat failure"), (11, "NVRAM fault"), (12, "BVRAM fault"),
             (14, "no DUT sensor selected")]
        case .ats525, .ats545, .generic:
            [(0, "overheat"), (1, "air open loop"), (3, "low air flow"), (4, "low input air pressure"),
             (5, "air sensor open"), (7, "internal error"), (9, "flow sensor hardware error"), (10, "no line sense"),
             (11, "NVRAM fault"), (12, "BVRAM fault"), (14, "no DUT sensor selected")]
        }
    }
}
