import Crypto
import Foundation

/// The bytes of a configuration file, its path as the user gave it, and its SHA-256.
struct ConfigurationSource {
    let path: String
    let text: String
    let sha256: String

    static func read(path: String) throws -> ConfigurationSource {
        guard let data = FileManager.default.contents(atPath: path) else {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read (permissions?)" : "does not exist"
            throw ConfigurationError([
                ConfigurationIssue(file: path, line: nil, field: "", value: nil, message: "the file \(reason)")
            ])
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw ConfigurationError([
                ConfigurationIssue(file: path, line: nil, field: "", value: nil, message: "the file is not UTF-8 text")
            ])
        }
        return ConfigurationSource(path: path, text: text, sha256: Self.digest(data))
    }

    static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }
}
