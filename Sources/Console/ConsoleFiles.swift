import Foundation

/// The files of a run directory the console serves, by name only: nothing else in the directory is reachable.
enum ConsoleFiles {
    /// Name → content type.
    static let served: [(name: String, type: String)] = [
        ("certificate.html", "text/html; charset=utf-8"),
        ("certificate.json", "application/json"),
        ("certificate.jws", "application/jose"),
        ("events.log", "text/plain; charset=utf-8"),
    ]

    /// The served files present in `directory`.
    static func present(in directory: String) -> [String] {
        served.map(\.name).filter { FileManager.default.fileExists(atPath: URL(fileURLWithPath: directory).appendingPathComponent($0).path) }
    }

    /// The content type of a served file, or nil when `name` is not one.
    static func contentType(of name: String) -> String? {
        served.first { $0.name == name }?.type
    }
}
