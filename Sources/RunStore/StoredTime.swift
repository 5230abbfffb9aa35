import Foundation

/// How times are stored: REAL seconds since 2001-01-01T00:00:00Z, the value a `Date` holds, so they round-trip
/// exactly. (Seconds since 1970 in a Double lose the last bit of present-day dates.)
enum StoredTime {
    /// The column value for `date`.
    static func value(_ date: Date) -> Double {
        date.timeIntervalSinceReferenceDate
    }

    /// The column value for an optional `date` (NULL when absent).
    static func value(_ date: Date?) -> Double? {
        date.map(value)
    }

    /// The date stored as `seconds`.
    static func date(_ seconds: Double) -> Date {
        Date(timeIntervalSinceReferenceDate: seconds)
    }

    /// The date stored as `seconds`, or `nil` for NULL.
    static func date(_ seconds: Double?) -> Date? {
        seconds.map(date)
    }
}
