/// Why a station key file could not be written or loaded. Messages never contain private key material.
public enum SigningKeyFileError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The file exists and overwriting was not requested.
    case alreadyExists(path: String)
    /// No file at the path.
    case notFound(path: String)
    /// The private key file can be read or written by group or others (mode shown as octal permission bits).
    case permissionsTooOpen(path: String, mode: UInt32)
    /// The path is a directory, device or other non-regular file.
    case notARegularFile(path: String)
    /// The private and public key paths are the same file.
    case samePath(String)
    /// A system call failed.
    case system(operation: String, path: String, errno: Int32)
    /// The file's content is not a valid key file.
    case invalidContent(path: String, reason: String)

    /// A readable explanation naming the file and what to do.
    public var description: String {
        switch self {
        case .alreadyExists(let path):
            return "key file '\(path)' already exists; refusing to overwrite it (a station key is its identity: "
                + "certificates signed with the old key would no longer match). Pass overwrite to replace it."
        case .notFound(let path):
            return "key file '\(path)' does not exist"
        case .permissionsTooOpen(let path, let mode):
            let octal = String(mode & 0o7777, radix: 8).leftPadded(to: 4)
            return "UNPROTECTED PRIVATE KEY FILE: permissions \(octal) for '\(path)' are too open. "
                + "The station signing key must not be accessible by group or others; it was not loaded. "
                + "Fix with: chmod 600 '\(path)'"
        case .notARegularFile(let path):
            return "key file '\(path)' is not a regular file"
        case .samePath(let path):
            return "the private and public key would both be written to '\(path)'; give two different paths"
        case .system(let operation, let path, let code):
            return "cannot \(operation) key file '\(path)': \(SystemError.message(code)) (errno \(code))"
        case .invalidContent(let path, let reason):
            return "key file '\(path)' is not a valid Ed25519 JWK: \(reason)"
        }
    }
}
