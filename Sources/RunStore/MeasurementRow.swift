import Foundation
import GRDB

/// Maps `MeasurementRecord` to and from rows of the `measurement` table.
enum MeasurementRow {
    static let columns = "step_index, attempt, lane, quantity, value, unit, time, instrument"

    /// The cached insert statement; SQLite parses it once per connection.
    static func insertStatement(_ db: Database) throws -> Statement {
        try db.cachedStatement(
            sql: "INSERT INTO measurement (id, \(columns), chain_seq, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
    }

    /// Inserts `measurement` as row `id` with the prepared `statement`, linked into the evidence `chain`. NaN becomes
    /// NULL (SQLite stores NaN as NULL anyway).
    ///
    /// The chained content (see `EvidenceChainEncoding`) is the table name, then id, chain_seq, step_index, attempt,
    /// lane, quantity, value, unit, time, instrument.
    static func insert(
        _ measurement: MeasurementRecord, id: Int64, chain: inout EvidenceChainWriter, with statement: Statement
    ) throws {
        let value: Double? = measurement.value.isNaN ? nil : measurement.value
        let time = StoredTime.value(measurement.time)
        let sequence = chain.start(table: "measurement", id: id)
        chain.encoding.integer(Int64(measurement.stepIndex))
        chain.encoding.integer(Int64(measurement.attempt))
        chain.encoding.integer(measurement.lane)
        chain.encoding.text(measurement.quantity)
        chain.encoding.real(value)
        chain.encoding.text(measurement.unit)
        chain.encoding.real(time)
        chain.encoding.text(measurement.instrument)
        let hash = chain.link()
        try statement.execute(arguments: [
            id, measurement.stepIndex, measurement.attempt, measurement.lane, measurement.quantity, value,
            measurement.unit, time, measurement.instrument, sequence, hash,
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
