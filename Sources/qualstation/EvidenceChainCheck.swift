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
        let jsonMatches = verification.checks.contains { $0.name == CertificateVerifier.jsonMatchCheck && $0.passed }
        let jsonPath = URL(fileURLWithPath: directory, isDirectory: true).appendingPathComponent(CertificateWriter.jsonFileName).path
        let claim = jsonMatches ? FileManager.default.contents(atPath: jsonPath).flatMap(Self.claim(in:)) : nil
        let report: EvidenceChainReport
        do {
            report = try RunStore.verifyEvidenceChain(at: storePath, checkpoint: claim?.count)
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
        if let claim {
            verification.checks.append(certifiedHeadCheck(claim, report))
        }
        return result
    }

    /// Whether run.sqlite still holds the rows the certificate states: it ends at the certificate's head, or it holds
    /// the certificate's rows unchanged and more recorded after the certificate was issued (a later resume).
    private static func certifiedHeadCheck(_ claim: CertificateDocument.EvidenceChain, _ report: EvidenceChainReport) -> VerificationReport.Check {
        let stated = "the certificate states \(claim.count) rows ending at \(claim.head)"
        if claim.head == report.head && claim.count == report.rowCount {
            return .init(name: headCheck, passed: true, detail: stated)
        }
        if report.isValid, report.rowCount > claim.count, report.checkpointHead == claim.head {
            let later = report.rowCount - claim.count
            return .init(
                name: headCheck, passed: true,
                detail: "\(stated); run.sqlite holds them unchanged, and \(later) row\(later == 1 ? "" : "s") recorded "
                    + "after this certificate was issued (a later resume)")
        }
        return .init(
            name: headCheck, passed: false,
            detail: "\(stated), but run.sqlite holds \(report.rowCount) rows ending at \(report.head)"
                + (report.checkpointHead.map { " (row \(claim.count) ends at \($0))" } ?? "")
                + ": run.sqlite is not the evidence certified")
    }

    /// The chain head a certificate states (its `evidence_chain`), if it states one.
    static func claim(in json: Data) -> CertificateDocument.EvidenceChain? {
        struct Stated: Decodable {
            var evidenceChain: CertificateDocument.EvidenceChain?
            enum CodingKeys: String, CodingKey { case evidenceChain = "evidence_chain" }
        }
        return (try? JSONDecoder().decode(Stated.self, from: json))?.evidenceChain
    }
}
