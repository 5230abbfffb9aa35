import Foundation

/// How `qualstation serve` is set up.
public struct ConsoleConfiguration: Sendable {
    /// The runs roots: folders whose subfolders are run directories.
    public var runsRoots: [String]
    /// The address to bind (loopback unless told otherwise).
    public var bindAddress: String
    /// The port (0 picks a free one).
    public var port: Int
    /// The bearer token every request must carry, or nil (loopback only).
    public var token: String?
    /// Station files the start form offers.
    public var stationsDirectory: String?
    /// Profiles the start form offers.
    public var profilesDirectory: String?
    /// The `qualstation` executable that starts and resumes runs.
    public var executable: String
    /// Where station locks live, passed to the runs the console starts (nil: their default).
    public var lockDirectory: String?

    /// A configuration.
    public init(
        runsRoots: [String], bindAddress: String = "127.0.0.1", port: Int = 8470, token: String? = nil,
        stationsDirectory: String? = nil, profilesDirectory: String? = nil, executable: String, lockDirectory: String? = nil
    ) {
        self.runsRoots = runsRoots
        self.bindAddress = bindAddress
        self.port = port
        self.token = token
        self.stationsDirectory = stationsDirectory
        self.profilesDirectory = profilesDirectory
        self.executable = executable
        self.lockDirectory = lockDirectory
    }

    /// Whether `address` is a loopback address (127.0.0.0/8, ::1, localhost).
    public static func isLoopback(_ address: String) -> Bool {
        address == "localhost" || address == "::1" || address == "[::1]" || address.hasPrefix("127.")
    }

    /// Refuses a configuration that would expose the console without a token.
    ///
    /// - Throws: ``ConsoleError`` `.configuration` naming the address.
    public func check() throws(ConsoleError) {
        if !Self.isLoopback(bindAddress), (token ?? "").isEmpty {
            throw ConsoleError(
                .configuration,
                "--bind \(bindAddress): the console refuses to listen beyond loopback without a token; give --token-file FILE "
                    + "(a file holding the bearer token), or bind 127.0.0.1")
        }
        guard (0...65535).contains(port) else {
            throw ConsoleError(.configuration, "--port \(port): expected 0 to 65535")
        }
        for root in runsRoots {
            var isDirectory: ObjCBool = false
            guard FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory), isDirectory.boolValue else {
                throw ConsoleError(.configuration, "--runs \(root): no such folder")
            }
        }
    }

    /// Reads the token from `path`: its first line, trimmed; refuses an empty or short token.
    public static func readToken(path: String) throws(ConsoleError) -> String {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ConsoleError(.configuration, "--token-file \(path): cannot read the file")
        }
        let token = String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline).first
            .map { $0.trimmingCharacters(in: .whitespaces) } ?? ""
        guard token.count >= 16 else {
            throw ConsoleError(.configuration, "--token-file \(path): the token must be at least 16 characters (it has \(token.count))")
        }
        return token
    }
}
