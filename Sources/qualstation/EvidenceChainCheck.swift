import Certificates
import Foundation
import RunStore

/// The evidence-chain part of `qualstation certificate verify`: walks run.sqlite beside the certificate and, when
/// the certificate states a chain head, checks that the run database still ends there.
struct EvidenceChainCheck {
    /// Name of the check that every row of run.sqlite is intact.
    static let chainCheck = "evidence chain"
    /// Name of the check that the certificate's chain head is the run database's.
    static let headCheck = "evidence chain head matches the certificate"

    /// The walk's result, when run.sqlite could be read.
    var report: EvidenceChainReport?
    /// The run database checked.
    var storePath: String

    /// Checks the run database in `directory` and adds the checks (or a note) to `verification`.
    static func apply(directory: String, to verification: inout VerificationReport) -> EvidenceChainCheck {
        let storePath = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(RunStore.defaultFileName).path
        var result = EvidenceChainCheck(report: nil, storePath: storePath)
        guard FileManager.default.fileExists(atPath: storePath) else {
            verification.notes.append("no run.sqlite beside the certificate (\(storePath)): the evidence chain was not checked")
            return result
        }
        let report: EvidenceChainReport
        do {
            report = try RunStore.verifyEvidenceChain(at: storePath)
        } catch {
            verification.checks.append(.init(name: chainCheck, passed: false, detail: "\(error)"))
            return result
        }
        result.report = report
        verification.checks.append(
            .init(
                name: chainCheck, passed: report.isValid,
                detail: report.isValid
                    ? "\(storePath): \(report.rowCount) rows, head \(report.head)"
                    : "\(storePath): first bad row: \(report.problem.map(\.description) ?? "")"))
        let jsonMatches = verification.checks.contains { $0.name == CertificateVerifier.jsonMatchCheck && $0.passed }
        let jsonPath = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(CertificateWriter.jsonFileName).path
        if jsonMatches, let data = FileManager.default.contents(atPath: jsonPath), let claim = Self.claim(in: data) {
            let matches = claim.head == report.head && claim.count == report.rowCount
            verification.checks.append(
                .init(
                    name: headCheck, passed: matches,
                    detail: matches
                        ? "the certificate states \(claim.count) rows ending at \(claim.head)"
                        : "the certificate states \(claim.count) rows ending at \(claim.head), but run.sqlite holds "
                            + "\(report.rowCount) rows ending at \(report.head): run.sqlite is not the evidence certified"))
        }
        return result
    }

    /// The chain head a certificate states: the first object under a key `evidence_chain` (at any depth) with a
    /// text `head` and a whole-number `count`.
    static func claim(in json: Data) -> (head: String, count: Int)? {
        guard let object = try? JSONSerialization.jsonObject(with: json) else { return nil }
        return find(object)
    }

    private static func find(_ object: Any) -> (head: String, count: Int)? {
        if let dictionary = object as? [String: Any] {
            if let chain = dictionary["evidence_chain"] as? [String: Any], let head = chain["head"] as? String,
                let count = (chain["count"] as? NSNumber)?.intValue
            {
                return (head, count)
            }
            for key in dictionary.keys.sorted() {
                if let value = dictionary[key], let found = find(value) { return found }
            }
        } else if let array = object as? [Any] {
            for element in array {
                if let found = find(element) { return found }
            }
        }
        return nil
    }
}
