import Crypto
import Foundation

/// An Ed25519 public key as a JSON Web Key (RFC 7517, OKP key type of RFC 8037).
///
/// Encodes as `{"crv":"Ed25519","kid":"…","kty":"OKP","x":"…"}`. Every instance is valid: the initialisers
/// and the decoder reject another key type or curve, bad base64url and a key that is not 32 bytes. When no
/// `kid` is given, the key id is the RFC 7638 thumbprint.
public struct JSONWebKey: Codable, Sendable, Hashable, CustomStringConvertible {
    /// The only key type accepted: octet key pair.
    public static let octetKeyPair = "OKP"
    /// The only curve accepted.
    public static let ed25519 = "Ed25519"

    /// The key type, always `"OKP"`.
    public let kty: String
    /// The curve, always `"Ed25519"`.
    public let crv: String
    /// The 32-byte public key, base64url without padding.
    public let x: String
    /// The key id; the RFC 7638 thumbprint unless another id was given.
    public let kid: String

    private enum CodingKeys: String, CodingKey {
        case kty, crv, x, kid
    }

    /// Creates a key from its JWK members, validating them.
    ///
    /// - Parameter kid: the key id; nil means the RFC 7638 thumbprint.
    public init(kty: String = "OKP", crv: String = "Ed25519", x: String, kid: String? = nil) throws(JSONWebKeyError) {
        guard kty == Self.octetKeyPair else { throw .unsupportedKeyType(kty) }
        guard crv == Self.ed25519 else { throw .unsupportedCurve(crv) }
        let bytes: Data
        do {
            bytes = try Base64URL.decode(x)
        } catch {
            throw .invalidBase64URL(member: "x", error)
        }
        guard bytes.count == 32 else { throw .wrongKeyLength(member: "x", byteCount: bytes.count) }
        self.kty = kty
        self.crv = crv
        self.x = x
        self.kid = kid ?? Self.thumbprint(x: x)
    }

    /// Creates a key from an `x` already known to be base64url of 32 bytes (for keys derived by swift-crypto).
    init(validatedX x: String, kid: String?) {
        self.kty = Self.octetKeyPair
        self.crv = Self.ed25519
        self.x = x
        self.kid = kid ?? Self.thumbprint(x: x)
    }

    /// Creates a key from the 32 raw bytes of an Ed25519 public key.
    ///
    /// - Parameter kid: the key id; nil means the RFC 7638 thumbprint.
    public init(publicKeyBytes: some DataProtocol, kid: String? = nil) throws(JSONWebKeyError) {
        try self.init(x: Base64URL.encode(publicKeyBytes), kid: kid)
    }

    /// Parses a JWK from JSON data (members other than kty, crv, x and kid are ignored).
    public init(jsonData: Data) throws(JSONWebKeyError) {
        do {
            self = try JSONDecoder().decode(JSONWebKey.self, from: jsonData)
        } catch let error as JSONWebKeyError {
            throw error
        } catch {
            throw .invalidJSON(JSONProblem.describe(error))
        }
    }

    /// Decodes and validates a JWK; throws `JSONWebKeyError` for a JSON object that is not an Ed25519 key.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        guard let kty = try container.decodeIfPresent(String.self, forKey: .kty) else {
            throw JSONWebKeyError.missingMember("kty")
        }
        guard let crv = try container.decodeIfPresent(String.self, forKey: .crv) else {
            throw JSONWebKeyError.missingMember("crv")
        }
        guard let x = try container.decodeIfPresent(String.self, forKey: .x) else {
            throw JSONWebKeyError.missingMember("x")
        }
        let kid = try container.decodeIfPresent(String.self, forKey: .kid)
        try self.init(kty: kty, crv: crv, x: x, kid: kid)
    }

    /// The 32 raw bytes of the public key.
    public var publicKeyBytes: Data {
        // The initialisers guarantee x is valid base64url of 32 bytes.
        (try? Base64URL.decode(x)) ?? Data()
    }

    /// The RFC 7638 JWK thumbprint: base64url(SHA-256(`{"crv":"Ed25519","kty":"OKP","x":"…"}`)).
    public var thumbprint: String {
        Self.thumbprint(x: x)
    }

    /// The key as pretty-printed JSON with sorted members and a trailing newline, as written to key files.
    public func jsonData() throws -> Data {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(self) + Data("\n".utf8)
    }

    /// A short form for messages: the curve and the thumbprint.
    public var description: String {
        "Ed25519 public key \(thumbprint)" + (kid == thumbprint ? "" : " (kid \(kid))")
    }

    /// The RFC 7638 thumbprint of an Ed25519 key with the given `x`.
    static func thumbprint(x: String) -> String {
        // Required members only, in lexicographic order, no whitespace. x is base64url, so needs no escaping.
        let canonical = #"{"crv":"Ed25519","kty":"OKP","x":""# + x + #""}"#
        return Base64URL.encode(SHA256.hash(data: Data(canonical.utf8)))
    }

    /// The key in the form swift-crypto verifies with.
    func verifyingKey() throws -> Curve25519.Signing.PublicKey {
        try Curve25519.Signing.PublicKey(rawRepresentation: publicKeyBytes)
    }
}
