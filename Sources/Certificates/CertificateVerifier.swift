import CertificateSigning
import Foundation

/// Verifies a signed certificate: the signature, who signed it, that `certificate.json` beside it is the signed
/// payload byte for byte, and that the payload is a certificate.
public enum CertificateVerifier {
    /// Name of the check that the JWS file can be read.
    public static let fileCheck = "JWS file"
    /// Name of the signature check.
    public static let signatureCheck = "signature"
    /// Name of the check that the signer is the trusted key.
    public static let trustedKeyCheck = "trusted key"
    /// Name of the check that certificate.json is the signed payload.
    public static let jsonMatchCheck = "certificate.json matches the signed payload"
    /// Name of the check that the payload is a certificate.
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

        let jsonPath = companionJSONPath(of: jwsPath)
        if let json = FileManager.default.contents(atPath: jsonPath) {
            if let verified {
                checks.append(compare(json: json, jsonPath: jsonPath, payload: verified.payload))
            } else {
                notes.append(
                    "\(jsonPath) was not compared: the signature did not verify, so there is no trusted payload")
            }
        } else {
            notes.append(
                "no \((jsonPath as NSString).lastPathComponent) beside the JWS; the signed payload is the certificate")
        }

        var document: CertificateDocument?
        if let verified {
            let parsed = parse(verified.payload)
            checks.append(parsed.check)
            document = parsed.document
            if let parsed = parsed.document {
                let mismatches = VerdictRecomputation.mismatches(parsed)
                checks.append(
                    .init(
                        name: VerdictRecomputation.check, passed: mismatches.isEmpty,
                        detail: mismatches.isEmpty
                            ? "the verdict, \(parsed.criteria.count) criteria and \(parsed.lanes.count) lane verdicts follow from the certificate's verdict_inputs"
                            : "\(mismatches.count) mismatch(es): " + mismatches.prefix(20).joined(separator: "; ")))
            }
        }
        return VerificationReport(
            jwsPath: jwsPath, checks: checks, notes: notes, keyTrusted: keyTrusted, document: document)
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

    private static func compare(json: Data, jsonPath: String, payload: Data) -> VerificationReport.Check {
        guard json != payload else {
            return .init(
                name: jsonMatchCheck, passed: true, detail: "\(jsonPath) is the signed payload (\(json.count) bytes)")
        }
        let file = [UInt8](json)
        let signed = [UInt8](payload)
        let common = min(file.count, signed.count)
        let offset = (0..<common).first { file[$0] != signed[$0] } ?? common
        let line = signed[0..<min(offset, signed.count)].filter { $0 == UInt8(ascii: "\n") }.count + 1
        let found = offset < file.count ? String(format: "0x%02X", file[offset]) : "end of file"
        let expected = offset < signed.count ? String(format: "0x%02X", signed[offset]) : "end of payload"
        return .init(
            name: jsonMatchCheck, passed: false,
            detail: "\(jsonPath) differs from the signed payload at byte \(offset) (line \(line)): the file has "
                + "\(found) where the signed certificate has \(expected) (file \(file.count) bytes, signed "
                + "\(signed.count) bytes); the file was changed after signing, and only the signed payload counts")
    }

    private static func parse(_ payload: Data) -> (check: VerificationReport.Check, document: CertificateDocument?) {
        let document: CertificateDocument
        do {
            document = try CertificateDocument.decode(from: payload)
        } catch {
            return (
                .init(
                    name: payloadCheck, passed: false,
                    detail: "the signed payload is not a certificate: \(describe(error))"), nil
            )
        }
        guard document.format == CertificateDocument.currentFormat else {
            return (
                .init(
                    name: payloadCheck, passed: false,
                    detail: "the signed payload has format \"\(document.format)\"; this verifier reads "
                        + "\"\(CertificateDocument.currentFormat)\""),
                document
            )
        }
        return (
            .init(
                name: payloadCheck, passed: true,
                detail:
                    "certificate \(document.id) for DUT \(document.dut.serial), verdict \(document.verdict.rawValue)"),
            document
        )
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
