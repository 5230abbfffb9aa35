import Foundation

/// An instrument's calibration record (ISO/IEC 17025 §6.4.13): when it was calibrated, when it is due, by whom,
/// and the expanded uncertainty of what it measures.
public struct CalibrationRecord: Sendable, Equatable, Codable {
    /// Calibration certificate number.
    public var certificate: String
    /// Who calibrated it.
    public var calibratedBy: String
    /// Calibration date.
    public var calibrated: Date
    /// Due date: results after this are not in calibration.
    public var due: Date
    /// Expanded uncertainties (k = 2) by quantity, e.g. `optical_power_percent: 2.5`.
    public var uncertainty: [String: Double]

    /// Whether the calibration is valid at `date`.
    public func isValid(at date: Date) -> Bool { date >= calibrated && date <= due }
}

/// Parses ISO-8601 calendar dates (`2026-03-01`) as UTC midnight, and full timestamps with their offset.
///
/// Timestamps are tried first: a date-only formatter would accept `2026-03-01T08:00:00Z` and drop its time.
enum CalendarDate {
    static func parse(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        if let date = formatter.date(from: text) { return date }
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let date = formatter.date(from: text) { return date }
        guard !text.contains("T") else { return nil }
        formatter.formatOptions = [.withFullDate]
        return formatter.date(from: text)
    }
}
