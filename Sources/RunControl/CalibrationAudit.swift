import Foundation
import StationConfiguration

/// Checks every instrument's calibration record against the span of a run.
public enum CalibrationAudit {
    /// The problems that keep a run from PASS: a missing record, a calibration dated after the run started, or one
    /// that expires before the run ended. Each names the instrument.
    public static func problems(station: StationFile, from start: Date, to end: Date) -> [String] {
        var problems: [String] = []
        for role in InstrumentRole.allCases.sorted() {
            guard let entry = station.instrument(role) else { continue }
            let name = "\(role.rawValue) (\(entry.driver))"
            guard let record = entry.calibration else {
                problems.append("calibration: \(name) has no calibration record in \(station.path)")
                continue
            }
            if record.calibrated > start {
                problems.append(
                    "calibration: \(name) certificate \(record.certificate) is dated \(day(record.calibrated)), after the run started")
            }
            if record.due < end {
                problems.append(
                    "calibration: \(name) certificate \(record.certificate) was due \(day(record.due)), before the run ended")
            }
        }
        return problems
    }

    private static func day(_ date: Date) -> String {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withFullDate]
        return formatter.string(from: date)
    }
}
