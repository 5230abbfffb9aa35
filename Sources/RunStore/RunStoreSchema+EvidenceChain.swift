import Foundation
import GRDB

extension RunStoreSchema {
    /// Schema 2: every measurement and event row carries `chain_seq` (its place in the evidence chain, from 1) and
    /// `chain_hash` (32 bytes, see `EvidenceChainEncoding`); `evidence_chain` holds the head and the row count.
    ///
    /// Rows of a run database written before schema 2 are chained when it is first opened, measurements first and
    /// then events, each in id order: the chain then protects them from later changes, but says nothing about
    /// changes made before.
    static func addEvidenceChain(_ db: Database) throws {
        try db.execute(
            sql: """
                ALTER TABLE measurement ADD COLUMN chain_seq INTEGER;
                ALTER TABLE measurement ADD COLUMN chain_hash BLOB;
                ALTER TABLE event ADD COLUMN chain_seq INTEGER;
                ALTER TABLE event ADD COLUMN chain_hash BLOB;
                CREATE TABLE evidence_chain (
                    singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
                    head BLOB NOT NULL,
                    count INTEGER NOT NULL
                );
                CREATE VIEW evidence_chain_hex AS SELECT lower(hex(head)) AS head, count FROM evidence_chain;
                """)
        try db.execute(
            sql: "INSERT INTO evidence_chain (singleton, head, count) VALUES (1, ?, 0)",
            arguments: [Data(EvidenceChainEncoding.origin)])
        var chain = try EvidenceChainWriter.load(db)
        for table in ["measurement", "event"] {
            let columns = table == "measurement" ? MeasurementRow.columns : EventRow.columns
            let rows = try Row.fetchAll(db, sql: "SELECT id, \(columns) FROM \(table) ORDER BY id")
            let update = try db.makeStatement(sql: "UPDATE \(table) SET chain_seq = ?, chain_hash = ? WHERE id = ?")
            for row in rows {
                let id: Int64 = try row.decode(atIndex: 0)
                let sequence = chain.start(table: table, id: id)
                for index in 1..<row.count {
                    chain.encoding.value(row[index] as DatabaseValue)
                }
                try update.execute(arguments: [sequence, chain.link(), id])
            }
        }
        try chain.save(db)
    }
}
