import Foundation
import GRDB

/// Extends the evidence chain inside one write transaction: loads the head once, links each new row, saves the head.
///
/// Rows are never read back to chain them: the head and the row count live in the `evidence_chain` table.
struct EvidenceChainWriter {
    /// The chain hash of the last row.
    private(set) var head: [UInt8]
    /// How many rows the chain holds (the last row's `chain_seq`).
    private(set) var count: Int64
    /// The content of the row being linked.
    var encoding = EvidenceChainEncoding()

    /// The chain as recorded in `evidence_chain`.
    static func load(_ db: Database) throws -> EvidenceChainWriter {
        guard let row = try Row.fetchOne(db, sql: "SELECT head, count FROM evidence_chain WHERE singleton = 1") else {
            throw RunStoreDecodingProblem(description: "the evidence_chain table has no head row")
        }
        let head: Data = try row.decode(atIndex: 0)
        return EvidenceChainWriter(head: Array(head), count: try row.decode(atIndex: 1))
    }

    /// Starts the content of the next row: the table, its id and its chain sequence number.
    mutating func start(table: String, id: Int64) -> Int64 {
        let sequence = count + 1
        encoding.start(table: table)
        encoding.integer(id)
        encoding.integer(sequence)
        return sequence
    }

    /// Links the row whose content was just encoded and returns its chain hash.
    mutating func link() -> Data {
        head = encoding.link(after: head)
        count += 1
        return Data(head)
    }

    /// Stores the head and count.
    func save(_ db: Database) throws {
        try db.execute(
            sql: "UPDATE evidence_chain SET head = ?, count = ? WHERE singleton = 1", arguments: [Data(head), count])
    }

    /// The id the next row of `table` gets: one more than the largest so far.
    static func nextID(in table: String, _ db: Database) throws -> Int64 {
        try Int64.fetchOne(db, sql: "SELECT COALESCE(MAX(id), 0) + 1 FROM \(table)") ?? 1
    }
}
