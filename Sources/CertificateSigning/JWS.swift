import Crypto
import Foundation

/// JWS compact serialization (RFC 7515 §7.1) signed with Ed25519.
///
/// Signing writes `alg` `"Ed25519"` (the fully specified identifier of RFC 9864) with the signer's `kid` and
/// public `jwk` in the protected header. Verification also accepts the older `"EdDSA"` (RFC 8037) when the
/// key is Ed25519, so a JWS from another JOSE library verifies too.
public enum JWS {
    /// The algorithm identifier written when signing (RFC 9864).
    public static let algorithm = "Ed25519"
    /// The older polymorphic identifier (RFC 8037), accepted when verifying with an Ed25519 key.
    public static let legacyAlgorithm = "EdDSA"

    /// Signs the payload bytes exactly as given and returns `base64url(header).base64url(payload).base64url(sig)`.
    ///
    /// - Parameters:
    ///   - payload: the bytes to sign (for certificates, the certificate.json file content).
    ///   - key: the station key; its `kid` and public JWK go into the protected header.
    ///   - type: an optional `typ` header value.
    public static func sign(payload: Data, with key: StationSigningKey, type: String? = nil) throws(JWSSigningError)
        -> String
    {
        let header = JWSHeader(alg: algorithm, kid: key.publicKey.kid, jwk: key.publicKey, typ: type)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let headerJSON: Data
        do {
            headerJSON = try encoder.encode(header)
        } catch {
            throw .headerEncoding(String(describing: error))
        }
        let signingInput = Base64URL.encode(headerJSON) + "." + Base64URL.encode(payload)
        let signature: Data
        do {
            signature = try key.signature(for: Data(signingInput.utf8))
        } catch {
            throw .signing(String(describing: error))
        }
        return signingInput + "." + Base64URL.encode(signature)
    }

    /// Verifies a compact JWS and returns its header and payload.
    ///
    /// - Parameters:
    ///   - compact: the JWS text; surrounding whitespace (a trailing newline in a file) is ignored.
    ///   - trustedKey: the key the signature must come from. The header's `jwk` and `kid`, when present, must
    ///     name this key. When nil, the signature is checked against the header's embedded `jwk` and the
    ///     result has `trusted == false`.
    /// - Throws: `JWSVerificationError` saying exactly what failed.
    public static func verify(_ compact: String, trustedKey: JSONWebKey?) throws(JWSVerificationError)
        -> VerifiedJWS
    {
        let parts = compact.trimmingCharacters(in: .whitespacesAndNewlines)
            .split(separator: ".", omittingEmptySubsequences: false)
            .map(String.init)
        guard parts.count == 3 else {
            let hint = parts.count == 5 ? " (five parts is a JWE, an encrypted object, not a signature)" : ""
            throw .malformed(
                part: .serialization,
                reason: "has \(parts.count) dot-separated part\(parts.count == 1 ? "" : "s"); "
                    + "a compact JWS has 3 (header.payload.signature)\(hint)"
            )
        }
        let header = try parseHeader(parts[0])
        let payload: Data
        do {
            payload = try Base64URL.decode(parts[1])
        } catch {
            throw .malformed(part: .payload, reason: "is \(error)")
        }
        let signature: Data
        do {
            signature = try Base64URL.decode(parts[2])
        } catch {
            throw .malformed(part: .signature, reason: "is \(error)")
        }
        guard signature.count == 64 else {
            throw .malformed(part: .signature, reason: "is \(signature.count) bytes; an Ed25519 signature is 64 bytes")
        }
        let key = try selectKey(header: header, trustedKey: trustedKey)
        let publicKey: Curve25519.Signing.PublicKey
        do {
            publicKey = try key.verifyingKey()
        } catch {
            throw .malformed(part: .header, reason: "names a key swift-crypto cannot use: \(error)")
        }
        let signingInput = Data((parts[0] + "." + parts[1]).utf8)
        guard publicKey.isValidSignature(signature, for: signingInput) else {
            throw .badSignature
        }
        return VerifiedJWS(header: header, payload: payload, signerKey: key, trusted: trustedKey != nil)
    }

    /// Decodes and checks the protected header: JSON object, `alg`, no unknown `crit`, a valid `jwk`.
    private static func parseHeader(_ part: String) throws(JWSVerificationError) -> JWSHeader {
        let json: Data
        do {
            json = try Base64URL.decode(part)
        } catch {
            throw .malformed(part: .header, reason: "is \(error)")
        }
        let raw: RawHeader
        do {
            raw = try JSONDecoder().decode(RawHeader.self, from: json)
        } catch {
            let text = String(decoding: json.prefix(60), as: UTF8.self)
            throw .malformed(
                part: .header, reason: "is unusable: \(JSONProblem.describe(error)) (it decodes to: \(text))"
            )
        }
        guard let alg = raw.alg else {
            throw .malformed(part: .header, reason: "has no \"alg\" member")
        }
        if let critical = raw.crit {
            throw .malformed(
                part: .header,
                reason: "marks extensions \(critical) as critical (\"crit\"); this verifier understands none"
            )
        }
        switch alg {
        case algorithm:
            break
        case legacyAlgorithm:
            if let crv = raw.jwk?.crv, crv != JSONWebKey.ed25519 {
                throw .unsupportedAlgorithm("\(alg) with crv \(crv)")
            }
        default:
            throw .unsupportedAlgorithm(alg)
        }
        var embedded: JSONWebKey?
        if let jwk = raw.jwk {
            do {
                embedded = try JSONWebKey(kty: jwk.kty ?? "", crv: jwk.crv ?? "", x: jwk.x ?? "", kid: jwk.kid)
            } catch {
                throw .malformed(part: .header, reason: "embeds an unusable \"jwk\": \(error)")
            }
        }
        return JWSHeader(alg: alg, kid: raw.kid, jwk: embedded, typ: raw.typ)
    }

    /// Chooses the verification key and checks that the header's `jwk` and `kid` agree with it.
    private static func selectKey(header: JWSHeader, trustedKey: JSONWebKey?) throws(JWSVerificationError)
        -> JSONWebKey
    {
        guard let trustedKey else {
            guard let embedded = header.jwk else { throw .missingKey }
            if let kid = header.kid, kid != embedded.kid, kid != embedded.thumbprint {
                throw .malformed(
                    part: .header,
                    reason: "has kid \"\(kid)\", which does not name its own jwk (thumbprint \(embedded.thumbprint))"
                )
            }
            return embedded
        }
        if let embedded = header.jwk, embedded.thumbprint != trustedKey.thumbprint {
            throw .keyMismatch(embeddedThumbprint: embedded.thumbprint, trustedThumbprint: trustedKey.thumbprint)
        }
        if let kid = header.kid, kid != trustedKey.kid, kid != trustedKey.thumbprint {
            throw .keyMismatch(embeddedThumbprint: kid, trustedThumbprint: trustedKey.thumbprint)
        }
        return trustedKey
    }
}

/// The protected header as found, every member optional so that each defect gets its own message.
private struct RawHeader: Decodable {
    var alg: String?
    var kid: String?
    var typ: String?
    var crit: [String]?
    var jwk: RawJWK?
}

/// An embedded JWK as found, validated afterwards by `JSONWebKey`.
private struct RawJWK: Decodable {
    var kty: String?
    var crv: String?
    var x: String?
    var kid: String?
}
