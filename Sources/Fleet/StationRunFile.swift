import Crypto
import Foundation
import GRDB

/// A station's run directory as replication reads it: run.sqlite (the run, steps, measurements, events and
/// documents), the certificate files beside it, and the replication cursor kept in run.sqlite.
///
/// Reads use their own SQLite connection; in WAL mode they never wait for the sequencer's writes, and the cursor
/// write is one small transaction after PostgreSQL has committed.
final class StationRunFile: Sendable {
    /// The run directory.
    let directory: String
    let queue: DatabaseQueue

    /// Opens `directory/run.sqlite`.
    ///
    /// - Throws: ``FleetError`` of kind `runStore` when the file is missing or is not a run database.
    init(directory: String) throws(FleetError) {
        self.directory = directory
        let path = URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw FleetError(.runStore, "reading \(directory)", "no run.sqlite here; give run directories")
        }
        var configuration = Configuration()
        configuration.label = "QualStation.Fleet"
        configuration.busyMode = .timeout(10)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
            let isRun = try queue.read { try $0.tableExists("run") && $0.tableExists("measurement") }
            guard isRun else { throw FleetError(.runStore, "reading \(path)", "not a QualStation run database") }
        } catch let error as FleetError {
            throw error
        } catch {
            throw FleetError(.runStore, "opening \(path)", "\(error)")
        }
    }

    /// Runs a read, wrapping SQLite errors with `context`.
    func read<T>(_ context: String, _ body: (Database) throws -> T) throws(FleetError) -> T {
        do {
            return try queue.read(body)
        } catch {
            throw FleetError(.runStore, "\(context) in \(directory)", "\(error)")
        }
    }

    /// The run row.
    func header() throws(FleetError) -> RunHeader {
        let header = try read("reading the run") { db -> RunHeader? in
            guard let row = try Row.fetchOne(db, sql: "SELECT * FROM run") else { return nil }
            return RunHeader(row: row)
        }
        guard let header else {
            throw FleetError(.runStore, "reading \(directory)", "run.sqlite holds no run; its creation was interrupted")
        }
        return header
    }

    /// Every step as COPY rows for `fleet_stage_step`.
    func stepRows() throws(FleetError) -> CopyText {
        try read("reading the steps") { db in
            var copy = CopyText()
            for row in try Row.fetchAll(db, sql: "SELECT * FROM step ORDER BY step_index") {
                copy.append([
                    .integer(row["step_index"] as Int64?), .text(row["kind"] as String?), .text(row["name"] as String?),
                    .real(row["setpoint_celsius"] as Double?), .text(row["status"] as String?),
                    .integer(row["attempt"] as Int64?), .integer(row["completed_attempt"] as Int64?),
                    .real(row["started_at"] as Double?), .real(row["ended_at"] as Double?),
                ])
            }
            return copy
        }
    }

    /// Up to `limit` measurements after row id `after`, as COPY rows for `fleet_stage_measurement`, and the last id.
    func measurementRows(after: Int64, limit: Int) throws(FleetError) -> (CopyText, Int64) {
        try read("reading measurements") { db in
            var copy = CopyText()
            var last = after
            let rows = try Row.fetchCursor(
                db,
                sql: """
                    SELECT id, step_index, attempt, lane, quantity, value, unit, time, instrument
                    FROM measurement WHERE id > ? ORDER BY id LIMIT ?
                    """, arguments: [after, limit])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                copy.append([
                    .integer(id), .integer(row[1] as Int64?), .integer(row[2] as Int64?), .integer(row[3] as Int64?),
                    .text(row[4] as String?), .real(row[5] as Double?), .text(row[6] as String?),
                    .real(row[7] as Double?), .text(row[8] as String?),
                ])
                last = id
            }
            return (copy, last)
        }
    }

    /// Up to `limit` events after row id `after`, as COPY rows for `fleet_stage_event`, and the last id.
    func eventRows(after: Int64, limit: Int) throws(FleetError) -> (CopyText, Int64) {
        try read("reading events") { db in
            var copy = CopyText()
            var last = after
            let rows = try Row.fetchCursor(
                db, sql: "SELECT id, time, step_index, kind, message FROM event WHERE id > ? ORDER BY id LIMIT ?",
                arguments: [after, limit])
            while let row = try rows.next() {
                let id: Int64 = row[0]
                copy.append([
                    .integer(id), .real(row[1] as Double?), .integer(row[2] as Int64?), .text(row[3] as String?),
                    .text(row[4] as String?),
                ])
                last = id
            }
            return (copy, last)
        }
    }

    /// The documents the run keeps (station and profile texts, the plan), by name.
    func documents() throws(FleetError) -> [(name: String, text: String)] {
        try read("reading the documents") { db in
            guard try db.tableExists("run_document") else { return [] }
            return try Row.fetchAll(db, sql: "SELECT name, text FROM run_document ORDER BY name").map {
                (name: $0[0] as String, text: $0[1] as String)
            }
        }
    }

    /// The head of the evidence hash chain, when the run database keeps one: the hash of the latest chained row.
    func evidenceHead() throws(FleetError) -> String? {
        try read("reading the evidence chain head") { db in
            var latest: (time: Double, hash: String)?
            for table in ["measurement", "event"] {
                let columns = try db.columns(in: table).map(\.name)
                guard let hashColumn = columns.first(where: { $0.lowercased().contains("hash") }) else { continue }
                let row = try Row.fetchOne(
                    db, sql: "SELECT time, \(hashColumn.quotedDatabaseIdentifier) FROM \(table) ORDER BY id DESC LIMIT 1")
                if let row, let time = row[0] as Double?, let hash = Self.text(row[1] as DatabaseValue) {
                    if latest.map({ time >= $0.time }) ?? true { latest = (time, hash) }
                }
            }
            return latest?.hash
        }
    }

    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let text): return text
        case .blob(let data): return data.map { String(format: "%02x", $0) }.joined()
        case .int64(let number): return String(number)
        case .double(let number): return String(number)
        case .null: return nil
        }
    }

    /// The certificate beside run.sqlite, if it has been written.
    func certificate() -> CertificateFiles? {
        let base = URL(fileURLWithPath: directory)
        guard let json = try? String(contentsOf: base.appendingPathComponent("certificate.json"), encoding: .utf8)
        else { return nil }
        let jws = try? String(contentsOf: base.appendingPathComponent("certificate.jws"), encoding: .utf8)
        return CertificateFiles(
            json: json, jws: jws?.trimmingCharacters(in: .whitespacesAndNewlines), sha256: Self.sha256(json))
    }

    /// The hex SHA-256 of a text's UTF-8 bytes.
    static func sha256(_ text: String) -> String {
        SHA256.hash(data: Data(text.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    // MARK: The cursor

    /// The cursor for `fleet`, at the start when none was kept yet.
    func cursor(fleet: String) throws(FleetError) -> ReplicationCursor {
        try read("reading the replication cursor") { db in
            var cursor = ReplicationCursor(fleet: fleet)
            guard try db.tableExists("fleet_replication"),
                let row = try Row.fetchOne(db, sql: "SELECT * FROM fleet_replication WHERE fleet = ?", arguments: [fleet])
            else { return cursor }
            cursor.measurementID = row["measurement_id"]
            cursor.eventID = row["event_id"]
            cursor.documentsSHA256 = row["documents_sha256"]
            cursor.certificateSHA256 = row["certificate_sha256"]
            return cursor
        }
    }

    /// Keeps `cursor` (after PostgreSQL committed everything it covers).
    func save(_ cursor: ReplicationCursor) throws(FleetError) {
        do {
            try queue.write { db in
                try db.execute(sql: ReplicationCursor.tableSQL)
                try db.execute(
                    sql: """
                        INSERT INTO fleet_replication
                            (fleet, measurement_id, event_id, documents_sha256, certificate_sha256, updated_at)
                        VALUES (?, ?, ?, ?, ?, strftime('%Y-%m-%dT%H:%M:%fZ', 'now'))
                        ON CONFLICT(fleet) DO UPDATE SET
                            measurement_id = excluded.measurement_id, event_id = excluded.event_id,
                            documents_sha256 = excluded.documents_sha256,
                            certificate_sha256 = excluded.certificate_sha256, updated_at = excluded.updated_at
                        """,
                    arguments: [
                        cursor.fleet, cursor.measurementID, cursor.eventID, cursor.documentsSHA256,
                        cursor.certificateSHA256,
                    ])
            }
        } catch {
            throw FleetError(.runStore, "keeping the replication cursor in \(directory)", "\(error)")
        }
    }
}

/// The certificate files of a run.
struct CertificateFiles: Sendable {
    /// certificate.json, exactly.
    var json: String
    /// certificate.jws without its trailing newline, if present.
    var jws: String?
    /// The hex SHA-256 of certificate.json.
    var sha256: String
}
