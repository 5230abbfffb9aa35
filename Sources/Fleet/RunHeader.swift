import Foundation
import GRDB

/// The run row of a station's run.sqlite, with the fleet's keys taken from its metadata: station id, part, lot.
///
/// Columns the fleet does not know are ignored, so newer run databases replicate too.
struct RunHeader: Sendable {
    var runID: String
    var stationID: String
    var dut: String
    var lot: String?
    var part: String?
    var operatorName: String
    var profileName: String
    var profileVersion: String
    var stationSHA256: String
    var profileSHA256: String
    var seed: String?
    var softwareVersion: String
    var startedAt: Double
    var endedAt: Double?
    var status: String
    var verdict: String?
    var incompleteReason: String?
    var metadataJSON: String

    init(row: Row) {
        runID = row["id"] ?? ""
        dut = row["dut"] ?? ""
        operatorName = row["operator_name"] ?? ""
        profileName = row["profile_name"] ?? ""
        profileVersion = row["profile_version"] ?? ""
        stationSHA256 = row["station_sha256"] ?? ""
        profileSHA256 = row["profile_sha256"] ?? ""
        seed = (row["seed"] as Int64?).map { String(UInt64(bitPattern: $0)) }
        softwareVersion = row["software_version"] ?? ""
        startedAt = row["started_at"] ?? 0
        endedAt = row["ended_at"]
        status = row["status"] ?? "running"
        verdict = row["verdict"]
        incompleteReason = row["incomplete_reason"]
        metadataJSON = row["metadata"] ?? "{}"
        let metadata =
            (try? JSONSerialization.jsonObject(with: Data(metadataJSON.utf8))) as? [String: Any] ?? [:]
        stationPath = row["station_path"] ?? ""
        stationID = metadata["station.id"] as? String ?? ""
        lot = metadata["lot"] as? String
        part = metadata["part"] as? String
    }

    /// The station file's path as recorded (the fallback station id).
    var stationPath: String
}
