import Foundation

extension CertificateWriter {
    /// What a run directory holds of its certificate.
    public enum Completeness: Sendable, Equatable {
        /// Every certificate file is there, the signature is valid and every file is what was signed.
        case whole
        /// Finishing was interrupted: a file is missing or empty, the JWS holds no valid signature, or a file is
        /// cut short. The reason says which.
        case unfinished(String)
        /// Every file is there and the signature is valid, but a whole file is not what was signed: it was changed
        /// afterwards.
        case altered(String)
    }

    /// How much of its certificate `directory` holds, judged by ``CertificateVerifier`` without a trusted key.
    ///
    /// An unfinished certificate is issued again from run.sqlite by `qualstation resume`; an altered one is left
    /// alone, for `qualstation certificate verify` to report. A file cut short is told from an edited one by its
    /// end: certificate.json must parse as JSON and certificate.html must end with `</html>`.
    public static func completeness(in directory: String) -> Completeness {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        var contents: [String: Data] = [:]
        for name in [jsonFileName, htmlFileName, jwsFileName] {
            guard let data = FileManager.default.contents(atPath: base.appendingPathComponent(name).path), !data.isEmpty else {
                return .unfinished("\(name) is missing or empty")
            }
            contents[name] = data
        }
        let report = CertificateVerifier.verify(jwsPath: base.appendingPathComponent(jwsFileName).path, trustedKeyPath: nil)
        if report.isValid { return .whole }
        let signed = report.checks.contains { $0.name == CertificateVerifier.signatureCheck && $0.passed }
        guard signed else {
            return .unfinished("\(jwsFileName) does not hold a valid signature")
        }
        if (try? JSONSerialization.jsonObject(with: contents[jsonFileName] ?? Data())) == nil {
            return .unfinished("\(jsonFileName) is cut short (it is not whole JSON)")
        }
        let html = String(decoding: contents[htmlFileName] ?? Data(), as: UTF8.self)
        if !html.trimmingCharacters(in: .whitespacesAndNewlines).hasSuffix("</html>") {
            return .unfinished("\(htmlFileName) is cut short (it does not end with </html>)")
        }
        let failed = report.failures.map { "\($0.name): \($0.detail)" }.joined(separator: "; ")
        return .altered("the certificate files are not what was signed (\(failed))")
    }
}
