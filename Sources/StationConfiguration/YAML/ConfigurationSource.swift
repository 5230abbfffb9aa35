import Crypto
import Foundation

/// The bytes of a configuration file, its path as the user gave it, and its SHA-256.
struct ConfigurationSource {
    let path: String
    let text: String
    let sha256: String

    static func read(path: String) throws -> ConfigurationSource {
        func refuse(_ message: String) -> ConfigurationError {
            ConfigurationError([ConfigurationIssue(file: path, line: nil, field: "", value: nil, message: message)])
        }
        var isDirectory: ObjCBool = false
        let exists = FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory)
        guard exists else { throw refuse("the file does not exist") }
        guard !isDirectory.boolValue else { throw refuse("this is a directory, not a YAML file") }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw refuse("the file cannot be read (permissions?)")
        }
        guard let text = String(data: data, encoding: .utf8) else { throw refuse("the file is not UTF-8 text") }
        return ConfigurationSource(path: path, text: text, sha256: Self.digest(data))
    }

    static func digest(_ data: Data) -> String {
        SHA256.hash(data: data).map { byte in
            let hex = String(byte, radix: 16)
            return byte < 0x10 ? "0" + hex : hex
        }.joined()
    }
}
