import Foundation
import GRDB

extension RunStore {
    /// The run record.
    public func run() throws -> RunRecord {
        try read("reading the run record") { db in
            guard let run = try RunRow.fetch(db) else {
                throw RunStoreError(path: path, kind: .notARun, problem: "the database holds no run record")
            }
            return run
        }
    }

    /// Marks the run finished with status and verdict.
    ///
    /// `status` must be `completed` or `incomplete`. Steps left running stay running, so a resume knows which
    /// step was interrupted.
    public func finish(status: RunStatus, verdict: String?, reason: String?, at: Date) throws {
        guard status != .running else {
            throw invalid("a run cannot finish with status running; use completed or incomplete")
        }
        try write("finishing the run as \(status.rawValue)") { db in
            try db.execute(
                sql: "UPDATE run SET status = ?, verdict = ?, incomplete_reason = ?, ended_at = ? WHERE singleton = 1",
                arguments: [status.rawValue, verdict, reason, StoredTime.value(at)])
        }
    }

    /// Sets the status back to running for a resume and records a "resume" event.
    ///
    /// Clears the end time, verdict and reason; the event keeps what they were and names any interrupted step.
    /// Works on an incomplete run and on a run whose process died while running; a completed run (PASS or FAIL)
    /// is refused.
    public func reopenForResume(at: Date, note: String) throws {
        try write("reopening the run for resume") { db in
            guard let run = try RunRow.fetch(db) else {
                throw RunStoreError(path: path, kind: .notARun, problem: "the database holds no run record")
            }
            guard run.status != .completed else {
                throw invalid(
                    "run \(run.id) already completed with verdict \(run.verdict ?? "none"); "
                        + "a completed run cannot be resumed")
            }
            var parts = [note]
            switch run.status {
            case .running:
                parts.append("the previous session stopped without finishing the run")
            case .incomplete:
                parts.append("the run was incomplete: \(run.incompleteReason ?? "no reason recorded")")
            case .completed:
                break
            }
            let interrupted = try Row.fetchAll(
                db, sql: "SELECT step_index, name, attempt FROM step WHERE status = 'running' ORDER BY step_index")
            for row in interrupted {
                let index: Int = try row.decode(atIndex: 0)
                let name: String = try row.decode(atIndex: 1)
                let attempt: Int = try row.decode(atIndex: 2)
                parts.append("step \(index) \"\(name)\" was interrupted in attempt \(attempt)")
            }
            try db.execute(
                sql: """
                    UPDATE run SET status = 'running', verdict = NULL, incomplete_reason = NULL, ended_at = NULL
                    WHERE singleton = 1
                    """)
            try EventRow.insert(EventRecord(time: at, kind: "resume", message: parts.joined(separator: "; ")), into: db)
        }
    }

    /// Merges `values` into the run metadata; a key already present takes the new value.
    public func updateMetadata(_ values: [String: String]) throws {
        try write("updating the run metadata") { db in
            guard let json = try String.fetchOne(db, sql: "SELECT metadata FROM run WHERE singleton = 1") else {
                throw RunStoreError(path: path, kind: .notARun, problem: "the database holds no run record")
            }
            let merged = try RunRow.metadata(fromJSON: json).merging(values) { _, new in new }
            try db.execute(
                sql: "UPDATE run SET metadata = ? WHERE singleton = 1", arguments: [try RunRow.metadataJSON(merged)])
        }
    }

    /// How SQLite keeps this file, as the connection reports it: for checking that writes are durable.
    public func storageSettings() throws -> RunStoreStorageSettings {
        try read("reading the storage settings") { db in
            let synchronousCodes = [0: "off", 1: "normal", 2: "full", 3: "extra"]
            let synchronous = try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1
            return RunStoreStorageSettings(
                journalMode: try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "unknown",
                synchronous: synchronousCodes[synchronous] ?? "unknown (\(synchronous))",
                applicationID: try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                schemaVersion: try Int.fetchOne(db, sql: "PRAGMA user_version") ?? 0)
        }
    }
}

/// How SQLite keeps a run database file.
public struct RunStoreStorageSettings: Sendable, Equatable {
    /// `PRAGMA journal_mode`: `"wal"` for a run database.
    public var journalMode: String
    /// `PRAGMA synchronous` by name: `"full"` for a run database.
    public var synchronous: String
    /// `PRAGMA application_id`: `RunStore.applicationID` for a run database.
    public var applicationID: Int32
    /// `PRAGMA user_version`: the schema version.
    public var schemaVersion: Int
}
