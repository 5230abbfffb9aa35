import Instruments
import StationConfiguration

extension PlanValidator {
    /// The wavelengths a meter family's detector is specified for, nm, where the family fixes them; nil where the
    /// range depends on the sensor fitted (a Thorlabs PM100 reads its sensor's range at connect, with
    /// `SENS:CORR:WAV? MIN|MAX`, and refuses a wavelength outside it) or the driver cannot know it.
    ///
    /// Keysight N7744A/N7745A: InGaAs detectors specified from 1250 to 1650 nm (Keysight N774xA data sheet; not
    /// among the public sources of instruments-audit.md, so treat the bounds as the lab's to confirm).
    public static func calibratedWavelengths(meterDriver: String) -> ClosedRange<Double>? {
        switch DriverCatalog.lookup(meterDriver)?.name {
        case "keysight-n774x": 1250...1650
        default: nil
        }
    }

    /// What joining `profile` with `station` allows but a technician should know: a wavelength the station's meter
    /// cannot calibrate. The run goes ahead (the meter still reads, and the simulators read any wavelength), but
    /// its optical power figures are not calibrated power at that wavelength.
    public static func warnings(profile: Profile, station: StationFile) -> [ConfigurationIssue] {
        guard let meter = station.instrument(.meter), let range = calibratedWavelengths(meterDriver: meter.driver) else {
            return []
        }
        let wavelength = profile.dut.wavelengthNanometres
        guard !range.contains(wavelength) else { return [] }
        let field = "dut.wavelength_nm"
        let meterLine = station.line(of: "instruments.meter.driver").map { "\(station.path):\($0)" } ?? station.path
        return [ConfigurationIssue(
            file: profile.path, line: profile.line(of: field), field: field, value: PlanStep.format(wavelength),
            message: "the station's meter (\(meter.driver), \(meterLine)) is calibrated from "
                + "\(PlanStep.format(range.lowerBound)) to \(PlanStep.format(range.upperBound)) nm: its readings at "
                + "\(PlanStep.format(wavelength)) nm are not calibrated optical power")]
    }
}
