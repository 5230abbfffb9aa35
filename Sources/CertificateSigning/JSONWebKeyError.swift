/// Why a JSON Web Key is not a usable Ed25519 public key (or, for private key files, key pair).
public enum JSONWebKeyError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The `kty` member is not `"OKP"`.
    case unsupportedKeyType(String)
    /// The `crv` member is not `"Ed25519"`.
    case unsupportedCurve(String)
    /// A required member (`kty`, `crv`, `x`, `d`) is absent.
    case missingMember(String)
    /// A member that must be base64url is not.
    case invalidBase64URL(member: String, Base64URLError)
    /// A key member decodes to the wrong number of bytes (Ed25519 keys are 32 bytes).
    case wrongKeyLength(member: String, byteCount: Int)
    /// The data is not a JSON object with string members.
    case invalidJSON(String)
    /// The private key member `d` is not valid base64url (details are withheld: they would reveal the key).
    case invalidPrivateKeyEncoding
    /// A private JWK whose `x` is not the public key derived from its `d`.
    case publicKeyDoesNotMatchPrivateKey(statedThumbprint: String, derivedThumbprint: String)

    /// A readable explanation of what is wrong with the key.
    public var description: String {
        switch self {
        case .unsupportedKeyType(let kty):
            return "JWK has kty \"\(kty)\"; station keys are octet key pairs, kty \"OKP\" (RFC 8037)"
        case .unsupportedCurve(let crv):
            return "JWK has crv \"\(crv)\"; station keys use crv \"Ed25519\" (RFC 8037)"
        case .missingMember(let name):
            return "JWK has no \"\(name)\" member; an Ed25519 JWK needs kty, crv and x (and d for a private key)"
        case .invalidBase64URL(let member, let error):
            return "JWK member \"\(member)\" is \(error)"
        case .wrongKeyLength(let member, let byteCount):
            return "JWK member \"\(member)\" decodes to \(byteCount) bytes; an Ed25519 key is exactly 32 bytes"
        case .invalidJSON(let reason):
            return "not a JSON Web Key: \(reason)"
        case .invalidPrivateKeyEncoding:
            return "JWK member \"d\" is not valid base64url (details withheld: it is the private key)"
        case .publicKeyDoesNotMatchPrivateKey(let stated, let derived):
            return "private JWK is inconsistent: its \"x\" (thumbprint \(stated)) is not the public key derived "
                + "from its \"d\" (thumbprint \(derived))"
        }
    }
}
