/// Exactly why a JWS did not verify.
public enum JWSVerificationError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The part of a compact JWS that a `malformed` error is about.
    public enum Part: String, Sendable, Hashable, CustomStringConvertible {
        /// The whole string (its division into three dot-separated parts).
        case serialization = "compact serialization"
        /// The first part, the base64url-encoded JSON protected header.
        case header = "protected header (part 1)"
        /// The second part, the base64url-encoded payload.
        case payload = "payload (part 2)"
        /// The third part, the base64url-encoded signature.
        case signature = "signature (part 3)"

        /// The part's name as shown in messages.
        public var description: String { rawValue }
    }

    /// The text is not a well-formed compact JWS; `part` says where and `reason` what.
    case malformed(part: Part, reason: String)
    /// The header's `alg` is not one this verifier accepts (`"Ed25519"`, or `"EdDSA"` with an Ed25519 key).
    case unsupportedAlgorithm(String)
    /// No trusted key was given and the header embeds no `jwk` to check against.
    case missingKey
    /// The header names a key (by `jwk` thumbprint or `kid`) that is not the trusted key.
    case keyMismatch(embeddedThumbprint: String, trustedThumbprint: String)
    /// The signature does not match the header and payload under the key.
    case badSignature

    /// A readable explanation of what failed.
    public var description: String {
        switch self {
        case .malformed(let part, let reason):
            return "malformed JWS: \(part) \(reason)"
        case .unsupportedAlgorithm(let alg):
            return "unsupported JWS algorithm \"\(alg)\": certificates are signed with Ed25519 "
                + "(alg \"Ed25519\", or \"EdDSA\" with an Ed25519 key)"
        case .missingKey:
            return "cannot verify: the JWS header embeds no public key (\"jwk\") and no trusted key was given; "
                + "supply the station's public key file"
        case .keyMismatch(let embedded, let trusted):
            return "signed by a different key: the JWS names key \(embedded), but the trusted key is \(trusted)"
        case .badSignature:
            return "bad signature: the signature does not match the header and payload; the certificate was "
                + "changed after signing or the signature is not from this key"
        }
    }
}
