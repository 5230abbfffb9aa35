import Foundation

extension CertificateWriter {
    /// Whether `directory` holds a whole certificate: certificate.html is there and not empty, certificate.jws has a
    /// valid signature, and certificate.json is exactly its signed payload.
    ///
    /// A run whose verdict is recorded but whose certificate is not whole has its certificate issued again by
    /// `qualstation resume`.
    public static func hasCompleteCertificate(in directory: String) -> Bool {
        let base = URL(fileURLWithPath: directory, isDirectory: true)
        guard let html = FileManager.default.contents(atPath: base.appendingPathComponent(htmlFileName).path), !html.isEmpty
        else {
            return false
        }
        let report = CertificateVerifier.verify(
            jwsPath: base.appendingPathComponent(jwsFileName).path, trustedKeyPath: nil)
        return report.isValid && report.checks.contains { $0.name == CertificateVerifier.jsonMatchCheck && $0.passed }
    }
}
