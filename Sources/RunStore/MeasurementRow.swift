import Foundation
import GRDB

/// Maps `MeasurementRecord` to and from rows of the `measurement` table.
enum MeasurementRow {
    static let columns = "step_index, attempt, lane, quantity, value, unit, time, instrument"

    /// The cached insert statement; SQLite parses it once per connection.
    static func insertStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(sql: "INSERT INTO measurement (\(columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?)")
    }

    /// Inserts `measurement` with the prepared `statement`. NaN becomes NULL (SQLite stores NaN as NULL anyway).
    static func insert(_ measurement: MeasurementRecord, with statement: Statement) throws {
        let value: Double? = measurement.value.isNaN ? nil : measurement.value
        try statement.execute(arguments: [
            measurement.stepIndex, measurement.attempt, measurement.lane, measurement.quantity, value,
            measurement.unit, StoredTime.value(measurement.time), measurement.instrument,
        ])
    }

    /// Decodes a row selected with `columns`.
    static func decode(_ row: Row) throws -> MeasurementRecord {
        MeasurementRecord(
            stepIndex: try row.decode(atIndex: 0),
            attempt: try row.decode(atIndex: 1),
            lane: try row.decode(atIndex: 2),
            quantity: try row.decode(atIndex: 3),
            value: try row.decode(Double?.self, atIndex: 4) ?? .nan,
            unit: try row.decode(atIndex: 5),
            time: StoredTime.date(try row.decode(Double.self, atIndex: 6)),
            instrument: try row.decode(atIndex: 7))
    }
}
