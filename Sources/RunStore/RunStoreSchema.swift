import Foundation
import GRDB

/// The run database schema and its versions.
///
/// Times are stored as REAL seconds since 2001-01-01T00:00:00Z (Foundation's reference date), which round-trips
/// a `Date` exactly. The `*_utc` views show them as ISO 8601 text for people reading the file with `sqlite3`.
/// Measurement values are REAL; NaN is stored as NULL. The seed is the INTEGER with the seed's bit pattern.
enum RunStoreSchema {
    /// `PRAGMA application_id` of a QualStation run database: "QSRN" in ASCII.
    static let applicationID: Int32 = 0x5153_524E

    /// The schema version written to `PRAGMA user_version` by the latest migration.
    static let version = 2

    /// Seconds between 1970-01-01 and 2001-01-01, for the ISO views.
    static let referenceDateOffset = "978307200"

    /// The migrator that brings any run database to the current schema.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: version1)
            try db.execute(sql: "PRAGMA user_version = 1")
        }
        migrator.registerMigration("v2-evidence-chain") { db in
            try addEvidenceChain(db)
            try db.execute(sql: "PRAGMA user_version = 2")
        }
        return migrator
    }

    private static func iso(_ column: String) -> String {
        "strftime('%Y-%m-%dT%H:%M:%fZ', \(column) + \(referenceDateOffset), 'unixepoch')"
    }

    private static let version1 = """
        CREATE TABLE run (
            singleton INTEGER PRIMARY KEY CHECK (singleton = 1),
            id TEXT NOT NULL,
            dut TEXT NOT NULL,
            operator_name TEXT NOT NULL,
            station_path TEXT NOT NULL,
            station_sha256 TEXT NOT NULL,
            profile_path TEXT NOT NULL,
            profile_sha256 TEXT NOT NULL,
            profile_name TEXT NOT NULL,
            profile_version TEXT NOT NULL,
            seed INTEGER,
            software_version TEXT NOT NULL,
            started_at REAL NOT NULL,
            ended_at REAL,
            status TEXT NOT NULL CHECK (status IN ('running', 'completed', 'incomplete')),
            verdict TEXT,
            incomplete_reason TEXT,
            metadata TEXT NOT NULL DEFAULT '{}'
        );
        CREATE TABLE step (
            step_index INTEGER PRIMARY KEY CHECK (step_index >= 0),
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            setpoint_celsius REAL,
            status TEXT NOT NULL CHECK (status IN ('pending', 'running', 'complete')),
            attempt INTEGER NOT NULL DEFAULT 0 CHECK (attempt >= 0),
            completed_attempt INTEGER CHECK (completed_attempt BETWEEN 1 AND attempt),
            started_at REAL,
            ended_at REAL
        );
        CREATE TABLE measurement (
            id INTEGER PRIMARY KEY,
            step_index INTEGER NOT NULL REFERENCES step(step_index),
            attempt INTEGER NOT NULL CHECK (attempt >= 1),
            lane INTEGER,
            quantity TEXT NOT NULL,
            value REAL,
            unit TEXT NOT NULL,
            time REAL NOT NULL,
            instrument TEXT NOT NULL
        );
        CREATE INDEX measurement_by_step ON measurement(step_index, attempt, quantity, lane);
        CREATE TABLE event (
            id INTEGER PRIMARY KEY,
            time REAL NOT NULL,
            step_index INTEGER REFERENCES step(step_index),
            kind TEXT NOT NULL,
            message TEXT NOT NULL
        );
        CREATE VIEW run_utc AS
            SELECT id, dut, operator_name, profile_name, profile_version, status, verdict, incomplete_reason,
                   \(iso("started_at")) AS started_utc, \(iso("ended_at")) AS ended_utc
            FROM run;
        CREATE VIEW step_utc AS
            SELECT step_index, kind, name, setpoint_celsius, status, attempt, completed_attempt,
                   \(iso("started_at")) AS started_utc, \(iso("ended_at")) AS ended_utc
            FROM step;
        CREATE VIEW measurement_utc AS
            SELECT id, step_index, attempt, lane, quantity, value, unit, \(iso("time")) AS time_utc, instrument
            FROM measurement;
        CREATE VIEW event_utc AS
            SELECT id, \(iso("time")) AS time_utc, step_index, kind, message
            FROM event;
        """
}
