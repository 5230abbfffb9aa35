import Crypto
import Foundation

/// The station's Ed25519 signing key: the private half that signs certificates and its public JWK.
///
/// The private key never appears in `description`, `debugDescription` or `dump` output. On disk it is a
/// private JWK (RFC 8037: `kty`, `crv`, `x`, `d`, `kid`) in a file created with mode 0600, and `load` refuses
/// a file that group or others can access, as ssh does.
public struct StationSigningKey: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The 32-byte Ed25519 private key (RFC 8032 seed, the JWK `d`).
    private let seed: Data
    /// The public half as a JWK; its `kid` is the RFC 7638 thumbprint.
    public let publicKey: JSONWebKey

    /// Generates a new random key.
    public static func generate() -> StationSigningKey {
        let privateKey = Curve25519.Signing.PrivateKey()
        return StationSigningKey(
            seed: privateKey.rawRepresentation, publicKeyBytes: privateKey.publicKey.rawRepresentation
        )
    }

    /// Creates a key from the 32 raw bytes of an Ed25519 private key (the base64url-decoded JWK `d`).
    public init(privateKeyBytes: some DataProtocol) throws(JSONWebKeyError) {
        let bytes = Data(privateKeyBytes)
        guard bytes.count == 32 else { throw .wrongKeyLength(member: "d", byteCount: bytes.count) }
        let privateKey: Curve25519.Signing.PrivateKey
        do {
            privateKey = try Curve25519.Signing.PrivateKey(rawRepresentation: bytes)
        } catch {
            throw .wrongKeyLength(member: "d", byteCount: bytes.count)
        }
        self.init(seed: bytes, publicKeyBytes: privateKey.publicKey.rawRepresentation)
    }

    /// Parses a private JWK (`{"kty":"OKP","crv":"Ed25519","d":"…","x":"…"}`); `x`, when present, must be the
    /// public key derived from `d`. Errors never quote `d`.
    public init(privateJWK data: Data) throws(JSONWebKeyError) {
        let members: PrivateJWKMembers
        do {
            members = try JSONDecoder().decode(PrivateJWKMembers.self, from: data)
        } catch {
            throw .invalidJSON(JSONProblem.describe(error))
        }
        guard let kty = members.kty else { throw .missingMember("kty") }
        guard kty == JSONWebKey.octetKeyPair else { throw .unsupportedKeyType(kty) }
        guard let crv = members.crv else { throw .missingMember("crv") }
        guard crv == JSONWebKey.ed25519 else { throw .unsupportedCurve(crv) }
        guard let d = members.d else { throw .missingMember("d") }
        let seed: Data
        do {
            seed = try Base64URL.decode(d)
        } catch {
            // The offending character and its offset would reveal part of the private key.
            throw .invalidPrivateKeyEncoding
        }
        let key = try StationSigningKey(privateKeyBytes: seed)
        if let x = members.x {
            let stated = try JSONWebKey(x: x)
            guard stated.x == key.publicKey.x else {
                throw .publicKeyDoesNotMatchPrivateKey(
                    statedThumbprint: stated.thumbprint,
                    derivedThumbprint: key.publicKey.thumbprint
                )
            }
        }
        if let kid = members.kid {
            self.init(seed: key.seed, publicKey: try JSONWebKey(x: key.publicKey.x, kid: kid))
        } else {
            self = key
        }
    }

    private init(seed: Data, publicKeyBytes: Data) {
        // swift-crypto returns 32 bytes, so the JWK is valid by construction.
        self.init(seed: seed, publicKey: JSONWebKey(validatedX: Base64URL.encode(publicKeyBytes), kid: nil))
    }

    private init(seed: Data, publicKey: JSONWebKey) {
        self.seed = seed
        self.publicKey = publicKey
    }

    /// Writes the private key (mode 0600, created exclusively) and the public key (pretty JWK, sorted members).
    ///
    /// - Parameters:
    ///   - privateKeyPath: where the private JWK goes; the file is created with `O_CREAT|O_EXCL` and mode 0600.
    ///   - publicKeyPath: where the public JWK goes.
    ///   - overwrite: replace existing files (atomically, through a new 0600 file renamed into place).
    ///     Without it, an existing file at either path is an error and nothing is written.
    public func write(
        privateKeyTo privateKeyPath: String,
        publicKeyTo publicKeyPath: String,
        overwrite: Bool = false
    ) throws(SigningKeyFileError) {
        let standardPrivate = URL(fileURLWithPath: privateKeyPath).standardizedFileURL.path
        guard standardPrivate != URL(fileURLWithPath: publicKeyPath).standardizedFileURL.path else {
            throw .samePath(privateKeyPath)
        }
        let privateContents: Data
        let publicContents: Data
        do {
            privateContents = try privateJWKData()
            publicContents = try publicKey.jsonData()
        } catch {
            throw .invalidContent(path: privateKeyPath, reason: "cannot encode the key as JSON")
        }
        if overwrite {
            try KeyFileIO.replace(privateKeyPath, contents: privateContents, mode: 0o600)
            try KeyFileIO.replace(publicKeyPath, contents: publicContents, mode: 0o644)
            return
        }
        for path in [privateKeyPath, publicKeyPath] where KeyFileIO.exists(path) {
            throw .alreadyExists(path: path)
        }
        try KeyFileIO.createExclusive(privateKeyPath, contents: privateContents, mode: 0o600)
        do {
            try KeyFileIO.createExclusive(publicKeyPath, contents: publicContents, mode: 0o644)
        } catch {
            KeyFileIO.remove(privateKeyPath)
            throw error
        }
    }

    /// Loads a private key file written by `write(privateKeyTo:publicKeyTo:overwrite:)`.
    ///
    /// - Throws: `SigningKeyFileError.permissionsTooOpen` (naming the file and its mode) when group or others
    ///   can access the file; `.notFound`; `.invalidContent` when it is not an Ed25519 private JWK.
    public static func load(privateKeyFrom path: String) throws(SigningKeyFileError) -> StationSigningKey {
        let data = try KeyFileIO.readPrivate(path)
        do {
            return try StationSigningKey(privateJWK: data)
        } catch {
            throw .invalidContent(path: path, reason: error.description)
        }
    }

    /// Loads a public JWK file (for example the one written next to the private key).
    public static func loadPublicKey(from path: String) throws(SigningKeyFileError) -> JSONWebKey {
        let data = try KeyFileIO.readPublic(path)
        do {
            return try JSONWebKey(jsonData: data)
        } catch {
            throw .invalidContent(path: path, reason: error.description)
        }
    }

    /// Names the key without revealing it.
    public var description: String {
        "StationSigningKey(Ed25519, kid: \(publicKey.kid), private key redacted)"
    }

    /// Same as `description`: the private key is never shown.
    public var debugDescription: String {
        description
    }

    /// A mirror that shows only the public key, so `dump` cannot print the private key.
    public var customMirror: Mirror {
        Mirror(self, children: ["publicKey": publicKey], displayStyle: .struct)
    }

    /// Signs bytes with Ed25519 (deterministic per RFC 8032 with swift-crypto's BoringSSL backend).
    func signature(for message: Data) throws -> Data {
        try Curve25519.Signing.PrivateKey(rawRepresentation: seed).signature(for: message)
    }

    /// The private JWK, pretty-printed with sorted members and a trailing newline.
    func privateJWKData() throws -> Data {
        let members = PrivateJWKMembers(
            kty: publicKey.kty, crv: publicKey.crv, x: publicKey.x, d: Base64URL.encode(seed), kid: publicKey.kid
        )
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return try encoder.encode(members) + Data("\n".utf8)
    }
}

/// The members of a private OKP JWK, all optional so that a missing one gets a precise error.
private struct PrivateJWKMembers: Codable {
    var kty: String?
    var crv: String?
    var x: String?
    var d: String?
    var kid: String?
}
