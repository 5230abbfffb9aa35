import Certificates
import Foundation
import RunStore

/// The `--json` output of `qualstation certificate verify`: one object with `valid`, every check, the notes and
/// the evidence chain's walk.
enum VerifyJSON {
    /// The report as pretty-printed JSON with sorted keys.
    static func render(_ report: VerificationReport, chain: EvidenceChainCheck) -> String {
        var object: [String: Any] = [
            "valid": report.isValid,
            "certificate": report.jwsPath,
            "key_trusted": report.keyTrusted,
            "checks": report.checks.map { ["name": $0.name, "passed": $0.passed, "detail": $0.detail] as [String: Any] },
            "notes": report.notes,
        ]
        if let walk = chain.report {
            var evidence: [String: Any] = [
                "run_database": chain.storePath,
                "valid": walk.isValid,
                "rows": walk.rowCount,
                "head": walk.head,
                "recorded_rows": walk.recordedCount,
                "recorded_head": walk.recordedHead,
            ]
            if let problem = walk.problem {
                var first: [String: Any] = ["kind": problem.kind.rawValue, "table": problem.table, "detail": problem.detail]
                first["id"] = problem.id.map { NSNumber(value: $0) } ?? NSNull()
                first["chain_row"] = problem.sequence.map { NSNumber(value: $0) } ?? NSNull()
                evidence["first_bad_row"] = first
            } else {
                evidence["first_bad_row"] = NSNull()
            }
            object["evidence_chain"] = evidence
        }
        let options: JSONSerialization.WritingOptions = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        guard let data = try? JSONSerialization.data(withJSONObject: object, options: options) else {
            return "{\"valid\": false, \"notes\": [\"the report could not be rendered as JSON\"]}"
        }
        return String(decoding: data, as: UTF8.self)
    }
}
