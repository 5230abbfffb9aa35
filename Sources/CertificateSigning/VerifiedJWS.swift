import Foundation

/// The result of a successful JWS verification: the signature is valid for this header and payload.
public struct VerifiedJWS: Sendable, Hashable, CustomStringConvertible {
    /// The decoded protected header.
    public let header: JWSHeader
    /// The payload bytes exactly as signed (for certificates, the certificate.json file content).
    public let payload: Data
    /// The key the signature was checked with.
    public let signerKey: JSONWebKey
    /// True when the signature was checked against a trusted key supplied by the caller; false when it was
    /// checked only against the key embedded in the header, which anyone could have put there.
    public let trusted: Bool

    /// Creates a result.
    public init(header: JWSHeader, payload: Data, signerKey: JSONWebKey, trusted: Bool) {
        self.header = header
        self.payload = payload
        self.signerKey = signerKey
        self.trusted = trusted
    }

    /// A sentence for the operator, e.g. "signature valid, but signed by an untrusted key …".
    public var description: String {
        if trusted {
            return "signature valid, signed by the trusted key \(signerKey.thumbprint)"
        }
        return "signature valid, but signed by an untrusted key \(signerKey.thumbprint) "
            + "(the key embedded in the certificate; give the station's public key to check who signed it)"
    }
}
