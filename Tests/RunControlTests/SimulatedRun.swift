import Foundation
import Qualification
import RunControl
import RunStore

/// Runs whole qualifications in-process on variants of the simulated station, with a scratch key and run directory.
struct SimulatedRun {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qs-runcontrol-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// Writes a copy of `stations/simulated.yaml` with `replacements` applied and returns its path.
    func station(_ replacements: [(String, String)]) throws -> String {
        var text = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        for (original, replacement) in replacements {
            guard text.contains(original) else { throw FixtureError(text: original) }
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let path = scratch.appendingPathComponent("station-\(UUID().uuidString.prefix(8)).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `profile` (relative to the repository) on `station`.
    func run(station: String, profile: String = "profiles/quick-check.yaml", dut: String = "RC-0001") async throws -> RunOutcome {
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: scratch.appendingPathComponent("keys").path),
            softwareVersion: "test", stationLocks: StationLocks(directory: scratch.appendingPathComponent("locks").path))
        return try await runner.start(
            RunRequest(
                stationPath: station,
                profilePath: profile.hasPrefix("/") ? profile : Self.packageRoot.appendingPathComponent(profile).path, dut: dut,
                outputDirectory: scratch.appendingPathComponent("run-\(UUID().uuidString.prefix(8))").path,
                operatorName: "tester"))
    }

    /// Writes a copy of a shipped profile with `replacements` applied and returns its path.
    func profile(_ name: String, _ replacements: [(String, String)]) throws -> String {
        var text = try String(contentsOf: Self.packageRoot.appendingPathComponent(name), encoding: .utf8)
        for (original, replacement) in replacements {
            guard text.contains(original) else { throw FixtureError(text: original) }
            text = text.replacingOccurrences(of: original, with: replacement)
        }
        let path = scratch.appendingPathComponent("profile-\(UUID().uuidString.prefix(8)).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// The events the run recorded.
    static func events(_ outcome: RunOutcome) throws -> [EventRecord] {
        try RunStore.open(at: outcome.directory.storePath).events()
    }

    struct FixtureError: Error, CustomStringConvertible {
        var text: String
        var description: String { "fixture text not found in stations/simulated.yaml: \(text)" }
    }
}
