/// The JOSE protected header of a certificate JWS (RFC 7515 §4).
public struct JWSHeader: Codable, Sendable, Hashable {
    /// The signature algorithm: `"Ed25519"` (RFC 9864) when we sign; `"EdDSA"` (RFC 8037) is also verified.
    public let alg: String
    /// The signer's key id (the RFC 7638 thumbprint of its public key).
    public let kid: String?
    /// The signer's public key.
    public let jwk: JSONWebKey?
    /// The media type of the whole JWS, when the signer set one.
    public let typ: String?

    /// Creates a header.
    public init(alg: String, kid: String? = nil, jwk: JSONWebKey? = nil, typ: String? = nil) {
        self.alg = alg
        self.kid = kid
        self.jwk = jwk
        self.typ = typ
    }
}
