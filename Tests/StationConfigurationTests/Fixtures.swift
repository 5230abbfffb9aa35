import Foundation

/// Paths to the repository's own station and profile files, and scratch files for bad-input cases.
enum Fixtures {
    static let repository: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    static func path(_ relative: String) -> String { repository.appendingPathComponent(relative).path }

    /// Writes `text` to a fresh temporary file and returns its path.
    static func write(_ text: String, name: String = "file.yaml") throws -> String {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let url = directory.appendingPathComponent(name)
        try text.write(to: url, atomically: true, encoding: .utf8)
        return url.path
    }

    /// The repository's simulated station with `original` replaced by `replacement`.
    static func station(replacing original: String, with replacement: String) throws -> String {
        let text = try String(contentsOfFile: path("stations/simulated.yaml"), encoding: .utf8)
        precondition(text.contains(original), "fixture text not found: \(original)")
        return try write(text.replacingOccurrences(of: original, with: replacement), name: "station.yaml")
    }

    /// The repository's quick-check profile with `original` replaced by `replacement`.
    static func profile(_ name: String = "profiles/quick-check.yaml", replacing original: String, with replacement: String) throws -> String {
        let text = try String(contentsOfFile: path(name), encoding: .utf8)
        precondition(text.contains(original), "fixture text not found: \(original)")
        return try write(text.replacingOccurrences(of: original, with: replacement), name: "profile.yaml")
    }
}
