import InstrumentProtocols
import Instruments

extension StationFile {
    /// The most an instrument can honour, by driver: a station limit beyond it would promise protection the
    /// instrument cannot give.
    ///
    /// Sources (instruments-audit.md): Keithley 2450 210 V / 1.05 A, 2460 and 2461 105 V / 7.35 A, 2470 1100 V /
    /// 1.05 A (reference manuals, cited at ``KeithleySourceMeterModel``); Keysight E36312A output 1 6 V / 5 A, outputs 2–3 25 V / 1 A (pymeasure
    /// `keysightE36312A.py`); ThermoStream air limits by model (``ThermoStreamModel``, pymeasure
    /// `temptronic_*.py`).
    public struct InstrumentRating: Sendable {
        /// The highest voltage the supply can source, V.
        public var volts: Double?
        /// The highest current it can source, A.
        public var amps: Double?
        /// The air temperatures the chamber can reach, °C.
        public var celsius: ClosedRange<Double>?
        /// The instrument, in words for the message ("a Keithley 2450 (210 V, 1.05 A)").
        public var what: String
    }

    /// The rating of the instrument in `role`, when the station has one there and its driver knows one.
    public func rating(of role: InstrumentRole) -> InstrumentRating? {
        instrument(role).flatMap(Self.rating(of:))
    }

    /// The rating of `entry`'s instrument, when the driver knows one.
    static func rating(of entry: InstrumentEntry) -> InstrumentRating? {
        let driver = DriverCatalog.lookup(entry.driver)?.name
        if let model = driver.flatMap(KeithleySourceMeterModel.init(driver:)) {
            return InstrumentRating(
                volts: model.ratedVolts, amps: model.ratedAmps,
                what: "a \(model.title) (\(YAMLNodeReader.format(model.ratedVolts)) V, "
                    + "\(YAMLNodeReader.format(model.ratedAmps)) A)")
        }
        switch driver {
        case "keysight-e36312a":
            let rating = KeysightE36312ASupply.ratings[entry.output]
            return rating.map {
                InstrumentRating(
                    volts: $0.volts, amps: $0.amps,
                    what: "output \(entry.output) of a Keysight E36312A (\(YAMLNodeReader.format($0.volts)) V, "
                        + "\(YAMLNodeReader.format($0.amps)) A)")
            }
        case "thermostream-ats":
            let model = entry.thermoStreamModel ?? .generic
            let range = model.lowestAirCelsius...model.highestAirCelsius
            return InstrumentRating(
                celsius: range,
                what: "a ThermoStream \(model.rawValue) (air \(YAMLNodeReader.format(range.lowerBound)) to "
                    + "\(YAMLNodeReader.format(range.upperBound)) °C)")
        default:
            return nil
        }
    }

    /// Refuses a station limit the instrument in its role cannot honour, naming the limit's field and line.
    static func checkRatings(
        _ limits: SafetyLimits, instruments: [InstrumentRole: InstrumentEntry], file: String, issues: IssueCollector
    ) {
        func refuse(_ field: String, _ value: Double, unit: String, _ rating: InstrumentRating, role: InstrumentRole) {
            issues.add(
                file: file, line: issues.lines[field], field: field, value: YAMLNodeReader.format(value),
                message: "\(YAMLNodeReader.format(value))\(unit) is beyond what the \(role.rawValue) can honour: "
                    + "instruments.\(role.rawValue) is \(rating.what); lower the limit or use another instrument")
        }
        if let supply = instruments[.supply], let rating = rating(of: supply) {
            if let volts = rating.volts, limits.supplyMaximumVolts > volts {
                refuse("limits.supply.max_volts", limits.supplyMaximumVolts, unit: " V", rating, role: .supply)
            }
            if let amps = rating.amps, limits.supplyMaximumAmps > amps {
                refuse("limits.supply.max_amps", limits.supplyMaximumAmps, unit: " A", rating, role: .supply)
            }
        }
        if let chamber = instruments[.chamber], let rating = rating(of: chamber), let range = rating.celsius {
            if limits.chamberMinimumCelsius < range.lowerBound {
                refuse("limits.chamber.min_celsius", limits.chamberMinimumCelsius, unit: " °C", rating, role: .chamber)
            }
            if limits.chamberMaximumCelsius > range.upperBound {
                refuse("limits.chamber.max_celsius", limits.chamberMaximumCelsius, unit: " °C", rating, role: .chamber)
            }
        }
    }
}
