import CertificateSigning
import Foundation

/// Where the station's signing key lives, and loading it.
///
/// The directory is `$QUALSTATION_KEY_DIR` when set, else `$XDG_CONFIG_HOME/qualstation`, else
/// `~/.config/qualstation`. It holds `station-key.jwk` (the private key, mode 0600, never printed) and
/// `station-key.public.jwk` (the public key to hand to whoever verifies certificates).
public struct StationKeyStore: Sendable, Equatable {
    /// The directory holding the key files.
    public var directory: String

    /// A key store in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// The key store the environment names.
    public static func standard(environment: [String: String] = ProcessInfo.processInfo.environment) -> StationKeyStore {
        if let explicit = environment["QUALSTATION_KEY_DIR"], !explicit.isEmpty {
            return StationKeyStore(directory: explicit)
        }
        if let config = environment["XDG_CONFIG_HOME"], !config.isEmpty {
            return StationKeyStore(directory: URL(fileURLWithPath: config).appendingPathComponent("qualstation").path)
        }
        let home = environment["HOME"] ?? NSHomeDirectory()
        return StationKeyStore(
            directory: URL(fileURLWithPath: home).appendingPathComponent(".config/qualstation").path)
    }

    /// The private key file.
    public var privateKeyPath: String { URL(fileURLWithPath: directory).appendingPathComponent("station-key.jwk").path }
    /// The public key file.
    public var publicKeyPath: String {
        URL(fileURLWithPath: directory).appendingPathComponent("station-key.public.jwk").path
    }

    /// Whether a private key exists.
    public var hasKey: Bool { FileManager.default.fileExists(atPath: privateKeyPath) }

    /// Generates a new key and writes both files; refuses to replace an existing key unless `overwrite`.
    @discardableResult
    public func generate(overwrite: Bool = false) throws(RunControlError) -> StationSigningKey {
        do {
            try FileManager.default.createDirectory(
                atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw .io("cannot create the key directory \(directory): \(error.localizedDescription)")
        }
        let key = StationSigningKey.generate()
        do {
            try key.write(privateKeyTo: privateKeyPath, publicKeyTo: publicKeyPath, overwrite: overwrite)
        } catch {
            throw .io(error.description)
        }
        return key
    }

    /// Loads the private key.
    public func load() throws(RunControlError) -> StationSigningKey {
        do {
            return try StationSigningKey.load(privateKeyFrom: privateKeyPath)
        } catch {
            throw .io(error.description)
        }
    }

    /// Loads the key, generating one first when there is none. `generated` says which happened.
    public func loadOrGenerate() throws(RunControlError) -> (key: StationSigningKey, generated: Bool) {
        if hasKey { return (try load(), false) }
        return (try generate(), true)
    }
}
