import Foundation
import GRDB

extension RunStore {
    /// The documents a run keeps beside its readings, so run.sqlite is self-contained evidence: the exact text of
    /// the station file and the profile the run used, and the joined plan with every rule the verdict follows.
    public enum DocumentName {
        /// The station file's text, byte for byte.
        public static let station = "station.yaml"
        /// The profile's text, byte for byte.
        public static let profile = "profile.yaml"
        /// The joined plan: limits, stopping plans with their looks, uncertainties (JSON).
        public static let plan = "plan.json"
    }

    private static let documentTable = """
        CREATE TABLE IF NOT EXISTS run_document (
            name TEXT PRIMARY KEY NOT NULL,
            text TEXT NOT NULL
        )
        """

    /// Stores (or replaces) a document. (The station file's and the profile's SHA-256 are in the run record.)
    public func storeDocument(_ name: String, text: String) throws {
        try write("storing the document \(name)") { db in try Self.insertDocument(name, text: text, into: db) }
    }

    /// Stores (or replaces) a document within the caller's transaction.
    static func insertDocument(_ name: String, text: String, into db: Database) throws {
        try db.execute(sql: documentTable)
        try db.execute(
            sql: "INSERT INTO run_document (name, text) VALUES (?, ?) ON CONFLICT(name) DO UPDATE SET text = excluded.text",
            arguments: [name, text])
    }

    /// The document stored under `name`, or nil (a run made before documents were kept, or not yet stored).
    public func document(_ name: String) throws -> String? {
        try read("reading the document \(name)") { db in
            guard try db.tableExists("run_document") else { return nil }
            return try String.fetchOne(db, sql: "SELECT text FROM run_document WHERE name = ?", arguments: [name])
        }
    }
}
