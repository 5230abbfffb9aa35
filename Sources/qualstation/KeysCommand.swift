import ArgumentParser
import RunControl

/// `qualstation keys`: manages the station's signing key.
struct KeysCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "keys", abstract: "Manage the station's Ed25519 signing key.", subcommands: [Generate.self])

    /// `qualstation keys generate`.
    struct Generate: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create the station's Ed25519 signing key (private key mode 0600, never printed; public key as a JWK).",
            discussion: "The key directory is --dir, else $QUALSTATION_KEY_DIR, else $XDG_CONFIG_HOME/qualstation, else ~/.config/qualstation.")

        @Option(help: "The key directory.")
        var dir: String?

        @Flag(help: "Replace an existing key (certificates signed with the old key then verify only against the old public key).")
        var force = false

        func run() throws {
            let store = dir.map(StationKeyStore.init(directory:)) ?? .standard()
            do {
                let key = try store.generate(overwrite: force)
                print("Station signing key created.")
                print("  private key: \(store.privateKeyPath) (mode 0600; keep it on this station)")
                print("  public key:  \(store.publicKeyPath) (give this to whoever verifies certificates)")
                print("  kid:         \(key.publicKey.kid)")
            } catch {
                StandardError.write("qualstation: error: \(error)")
                throw ExitCode(error.exitCode)
            }
        }
    }
}
