import Foundation
import GRDB

/// Maps `EventRecord` to and from rows of the `event` table.
enum EventRow {
    static let columns = "time, step_index, kind, message"

    /// Inserts `event`.
    static func insert(_ event: EventRecord, into db: Database) throws {
        let statement = try db.cachedStatement(sql: "INSERT INTO event (\(columns)) VALUES (?, ?, ?, ?)")
        try statement.execute(arguments: [StoredTime.value(event.time), event.stepIndex, event.kind, event.message])
    }

    /// All events in the order they were recorded.
    static func fetchAll(_ db: Database) throws -> [EventRecord] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM event ORDER BY id").map { row in
            EventRecord(
                time: StoredTime.date(try row.decode(Double.self, atIndex: 0)),
                stepIndex: try row.decode(atIndex: 1),
                kind: try row.decode(atIndex: 2),
                message: try row.decode(atIndex: 3))
        }
    }
}
