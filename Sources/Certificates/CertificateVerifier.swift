import CertificateSigning
import Foundation

/// Verifies a signed certificate: the signature, who signed it, that `certificate.json`, `certificate.html` and
/// `events.log` beside it are the files its signed summary binds by SHA-256, that certificate.json is the
/// certificate the summary names, and that every verdict in it follows from its verdict inputs.
public enum CertificateVerifier {
    /// Name of the check that the JWS file can be read.
    public static let fileCheck = "JWS file"
    /// Name of the signature check.
    public static let signatureCheck = "signature"
    /// Name of the check that the signer is the trusted key.
    public static let trustedKeyCheck = "trusted key"
    /// Name of the check that certificate.json is the file the signed summary binds.
    public static let jsonMatchCheck = "certificate.json matches its signed digest"
    /// Name of the check that the signed summary and certificate.json describe one certificate.
    public static let payloadCheck = "payload is a certificate"

    /// Verifies `jwsPath`; never throws: every problem becomes a failed check in the report.
    ///
    /// - Parameters:
    ///   - jwsPath: the `certificate.jws` file.
    ///   - trustedKeyPath: the station's public JWK file. With it, the signer must be that key (compared by
    ///     RFC 7638 thumbprint). Without it, the signature is checked against the key embedded in the JWS, which
    ///     proves integrity but not who signed.
    public static func verify(jwsPath: String, trustedKeyPath: String?) -> VerificationReport {
        var checks: [VerificationReport.Check] = []
        var notes: [String] = []
        guard let data = FileManager.default.contents(atPath: jwsPath) else {
            let reason =
                FileManager.default.fileExists(atPath: jwsPath) ? "cannot be read (permissions?)" : "does not exist"
            checks.append(.init(name: fileCheck, passed: false, detail: "\(jwsPath) \(reason)"))
            return VerificationReport(jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: false, document: nil)
        }
        let compact = String(decoding: data, as: UTF8.self)

        var trustedKey: JSONWebKey?
        if let trustedKeyPath {
            do {
                trustedKey = try StationSigningKey.loadPublicKey(from: trustedKeyPath)
            } catch {
                checks.append(
                    .init(name: trustedKeyCheck, passed: false, detail: "cannot load the trusted key: \(error)"))
            }
        }

        let verified: VerifiedJWS?
        do {
            verified = try verifySignature(compact, trustedKey: trustedKey)
            if let verified {
                checks.insert(
                    .init(
                        name: signatureCheck, passed: true,
                        detail: "valid Ed25519 signature by key \(verified.signerKey.thumbprint)"),
                    at: 0)
            }
        } catch {
            verified = nil
            checks.insert(.init(name: signatureCheck, passed: false, detail: error.description), at: 0)
        }

        var keyTrusted = false
        if let verified {
            if let trustedKey {
                keyTrusted = verified.signerKey.thumbprint == trustedKey.thumbprint
                checks.append(
                    .init(
                        name: trustedKeyCheck, passed: keyTrusted,
                        detail: keyTrusted
                            ? "signed by the trusted key \(trustedKey.thumbprint)"
                            : "signed by key \(verified.signerKey.thumbprint), which is not the trusted key "
                                + "\(trustedKey.thumbprint) from \(trustedKeyPath ?? "")"))
            } else if trustedKeyPath == nil {
                notes.append(
                    "signature valid but the key is not checked against a trusted key (the signer's key "
                        + "\(verified.signerKey.thumbprint) is the one embedded in the certificate; give the station's "
                        + "public key to check who signed it)")
            }
        }

        guard let verified else {
            notes.append("the files beside the JWS were not compared: the signature did not verify, so nothing is trusted")
            return VerificationReport(jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: keyTrusted, document: nil)
        }
        let summary: SignedSummary
        do {
            summary = try SignedSummary.decode(from: verified.payload)
        } catch {
            checks.append(
                .init(name: payloadCheck, passed: false, detail: "the signed payload is not a QualStation signed summary: \(describe(error))"))
            return VerificationReport(jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: keyTrusted, document: nil)
        }
        guard summary.format == SignedSummary.currentFormat else {
            checks.append(
                .init(
                    name: payloadCheck, passed: false,
                    detail: "the signed summary has format \"\(summary.format)\"; this verifier reads \"\(SignedSummary.currentFormat)\""))
            return VerificationReport(jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: keyTrusted, document: nil)
        }
        if summary.simulated {
            notes.append("SIMULATED — not a qualification of hardware (simulated instruments, seed \(summary.seed ?? "unknown"))")
        }
        let directory = URL(fileURLWithPath: jwsPath).deletingLastPathComponent()
        for file in summary.files {
            checks.append(digestCheck(file, in: directory))
        }
        let jsonPath = companionJSONPath(of: jwsPath)
        let document = FileManager.default.contents(atPath: jsonPath).flatMap { try? CertificateDocument.decode(from: $0) }
        checks.append(parsed(document, summary: summary, path: jsonPath))
        if let document {
            let mismatches = VerdictRecomputation.mismatches(document)
            checks.append(
                .init(
                    name: VerdictRecomputation.check, passed: mismatches.isEmpty,
                    detail: mismatches.isEmpty
                        ? "the verdict, \(document.criteria.count) criteria and \(document.lanes.count) lane verdicts follow from the certificate's verdict_inputs"
                        : "\(mismatches.count) mismatch(es): " + mismatches.prefix(20).joined(separator: "; ")))
        }
        return VerificationReport(
            jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: keyTrusted, document: document, summary: summary)
    }

    /// Whether a file beside the JWS is the one the summary signed, by SHA-256.
    private static func digestCheck(_ file: SignedSummary.FileDigest, in directory: URL) -> VerificationReport.Check {
        let path = directory.appendingPathComponent(file.file).path
        let name = file.file == CertificateWriter.jsonFileName ? jsonMatchCheck : "\(file.file) matches its signed digest"
        guard let data = FileManager.default.contents(atPath: path) else {
            return .init(name: name, passed: false, detail: "\(path) is missing; the signature binds it (SHA-256 \(file.sha256))")
        }
        // events.log only grows: a later resume appends to it, and what was signed is its first bytes.
        let appended = file.file == CertificateWriter.eventLogFileName && data.count > file.bytes ? data.count - file.bytes : 0
        let digest = SignedSummary.sha256(appended > 0 ? data.prefix(file.bytes) : data)
        guard digest == file.sha256 else {
            return .init(
                name: name, passed: false,
                detail: "\(path) has SHA-256 \(digest) (\(data.count) bytes), but the signed summary binds \(file.sha256) "
                    + "(\(file.bytes) bytes): the file was changed after signing")
        }
        return .init(
            name: name, passed: true,
            detail: "\(path) is the signed file (SHA-256 \(digest), \(file.bytes) bytes)"
                + (appended > 0 ? "; \(appended) bytes were appended after signing (a later resume)" : ""))
    }

    /// Whether certificate.json is a certificate, and the one the summary names.
    private static func parsed(_ document: CertificateDocument?, summary: SignedSummary, path: String) -> VerificationReport.Check {
        guard let document else {
            return .init(name: payloadCheck, passed: false, detail: "\(path) is missing or not a QualStation certificate")
        }
        guard document.format == CertificateDocument.currentFormat else {
            return .init(
                name: payloadCheck, passed: false,
                detail: "\(path) has format \"\(document.format)\"; this verifier reads \"\(CertificateDocument.currentFormat)\"")
        }
        guard document.id == summary.certificateID, document.verdict == summary.verdict, document.simulated == summary.simulated else {
            return .init(
                name: payloadCheck, passed: false,
                detail: "\(path) is certificate \(document.id) with verdict \(document.verdict.rawValue)"
                    + (document.simulated ? " (SIMULATED)" : "") + ", but the signed summary names \(summary.certificateID) with "
                    + "verdict \(summary.verdict.rawValue)" + (summary.simulated ? " (SIMULATED)" : ""))
        }
        return .init(
            name: payloadCheck, passed: true,
            detail: "certificate \(document.id) for DUT \(document.dut.serial), verdict \(document.verdict.rawValue)"
                + (document.simulated ? " (SIMULATED)" : ""))
    }

    /// Checks the signature against the embedded key; falls back to the trusted key when the JWS embeds none.
    private static func verifySignature(_ compact: String, trustedKey: JSONWebKey?) throws(JWSVerificationError)
        -> VerifiedJWS?
    {
        do {
            return try JWS.verify(compact, trustedKey: nil)
        } catch .missingKey {
            guard let trustedKey else { throw .missingKey }
            return try JWS.verify(compact, trustedKey: trustedKey)
        }
    }

    /// `dir/name.json` for `dir/name.jws` (`certificate.json` beside `certificate.jws`).
    static func companionJSONPath(of jwsPath: String) -> String {
        let url = URL(fileURLWithPath: jwsPath)
        let stem = url.pathExtension.lowercased() == "jws" ? url.deletingPathExtension() : url
        return stem.path + ".json"
    }

    private static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else { return String(describing: error) }
        func path(_ context: DecodingError.Context) -> String {
            let text = context.codingPath.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined()
            return text.isEmpty ? "the top level" : String(text.drop { $0 == "." })
        }
        switch decoding {
        case .keyNotFound(let key, let context):
            return "member \"\(key.stringValue)\" is missing at \(path(context))"
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .dataCorrupted(let context):
            return "\(context.debugDescription) at \(path(context))"
        @unknown default:
            return String(describing: decoding)
        }
    }
}
