import Foundation
import GRDB

/// Maps `EventRecord` to and from rows of the `event` table.
enum EventRow {
    static let columns = "time, step_index, kind, message"

    /// Inserts `event` as the next event row, linked into the evidence chain (table name, then id, chain_seq, time,
    /// step_index, kind, message; see `EvidenceChainEncoding`).
    static func insert(_ event: EventRecord, into db: Database) throws {
        var chain = try EvidenceChainWriter.load(db)
        let id = try EvidenceChainWriter.nextID(in: "event", db)
        let time = StoredTime.value(event.time)
        let sequence = chain.start(table: "event", id: id)
        chain.encoding.real(time)
        chain.encoding.integer(event.stepIndex)
        chain.encoding.text(event.kind)
        chain.encoding.text(event.message)
        let hash = chain.link()
        let statement = try db.cachedStatement(
            sql: "INSERT INTO event (id, \(columns), chain_seq, chain_hash) VALUES (?, ?, ?, ?, ?, ?, ?)")
        try statement.execute(arguments: [id, time, event.stepIndex, event.kind, event.message, sequence, hash])
        try chain.save(db)
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
