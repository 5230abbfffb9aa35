import Foundation
import GRDB

/// Maps `RunRecord` to and from the single row of the `run` table.
enum RunRow {
    static let columns = """
        id, dut, operator_name, station_path, station_sha256, profile_path, profile_sha256, profile_name,
        profile_version, seed, software_version, started_at, ended_at, status, verdict, incomplete_reason, metadata
        """

    /// Inserts `run` as the run row.
    static func insert(_ run: RunRecord, into db: Database) throws {
        let placeholders = Array(repeating: "?", count: 17).joined(separator: ", ")
        try db.execute(
            sql: "INSERT INTO run (singleton, \(columns)) VALUES (1, \(placeholders))",
            arguments: [
                run.id, run.dut, run.operatorName, run.stationPath, run.stationSHA256, run.profilePath,
                run.profileSHA256, run.profileName, run.profileVersion, run.seed.map { Int64(bitPattern: $0) },
                run.softwareVersion, StoredTime.value(run.startedAt), StoredTime.value(run.endedAt),
                run.status.rawValue, run.verdict, run.incompleteReason, try metadataJSON(run.metadata),
            ])
    }

    /// Reads the run row.
    static func fetch(_ db: Database) throws -> RunRecord? {
        guard let row = try Row.fetchOne(db, sql: "SELECT \(columns) FROM run WHERE singleton = 1") else {
            return nil
        }
        let statusText: String = try row.decode(forColumn: "status")
        guard let status = RunStatus(rawValue: statusText) else {
            throw RunStoreDecodingProblem(description: "the run has unknown status \"\(statusText)\"")
        }
        let seed: Int64? = try row.decode(forColumn: "seed")
        return RunRecord(
            id: try row.decode(forColumn: "id"),
            dut: try row.decode(forColumn: "dut"),
            operatorName: try row.decode(forColumn: "operator_name"),
            stationPath: try row.decode(forColumn: "station_path"),
            stationSHA256: try row.decode(forColumn: "station_sha256"),
            profilePath: try row.decode(forColumn: "profile_path"),
            profileSHA256: try row.decode(forColumn: "profile_sha256"),
            profileName: try row.decode(forColumn: "profile_name"),
            profileVersion: try row.decode(forColumn: "profile_version"),
            seed: seed.map { UInt64(bitPattern: $0) },
            softwareVersion: try row.decode(forColumn: "software_version"),
            startedAt: StoredTime.date(try row.decode(Double.self, forColumn: "started_at")),
            endedAt: StoredTime.date(try row.decode(Double?.self, forColumn: "ended_at")),
            status: status,
            verdict: try row.decode(forColumn: "verdict"),
            incompleteReason: try row.decode(forColumn: "incomplete_reason"),
            metadata: try metadata(fromJSON: try row.decode(forColumn: "metadata")))
    }

    /// The metadata as a JSON object with sorted keys.
    static func metadataJSON(_ metadata: [String: String]) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(metadata), as: UTF8.self)
    }

    /// The metadata stored as `json`.
    static func metadata(fromJSON json: String) throws -> [String: String] {
        do {
            return try JSONDecoder().decode([String: String].self, from: Data(json.utf8))
        } catch {
            throw RunStoreDecodingProblem(
                description: "the run metadata is not a JSON object of strings: \(json.prefix(200))")
        }
    }
}

/// A stored value that does not fit the record it should become.
struct RunStoreDecodingProblem: Error, CustomStringConvertible {
    /// What does not fit.
    var description: String
}
