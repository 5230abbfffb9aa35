/// Why a payload could not be signed.
public enum JWSSigningError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The protected header could not be encoded as JSON.
    case headerEncoding(String)
    /// The Ed25519 signing operation failed.
    case signing(String)

    /// A readable explanation of what failed.
    public var description: String {
        switch self {
        case .headerEncoding(let reason): return "cannot encode the JWS protected header: \(reason)"
        case .signing(let reason): return "Ed25519 signing failed: \(reason)"
        }
    }
}
