import CertificateSigning
import Crypto
import Foundation

/// Checks that a certificate's JWS payload is exactly the certificate JSON the fleet holds (by SHA-256). The
/// signature itself is checked against the station's public key with `qualstation certificate verify`.
enum FleetCertificateCheck {
    /// "yes", or why not.
    static func check(jws: String?, jsonSHA256: String) -> String {
        guard let jws else { return "no (no certificate.jws was replicated)" }
        let parts = jws.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 3, let payload = try? Base64URL.decode(String(parts[1])) else {
            return "no (the JWS is not in compact form)"
        }
        let digest = SHA256.hash(data: payload).map { String(format: "%02x", $0) }.joined()
        return digest == jsonSHA256 ? "yes" : "no (the JWS payload differs from certificate.json)"
    }
}
