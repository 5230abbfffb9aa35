import Foundation

/// A qualification on the simulated station with 2 % of the optical switch's replies dropped, against the same run
/// without faults: on a virtual clock, a dropped reply's timeout passes in station time, so the wall time should
/// stay close to the clean run's.
enum DroppedRepliesBenchmark {
    /// The profile run with and without the fault.
    static let profile = "cpo-qualification"
    /// The injected fault, as a station file's `simulation.faults` entry.
    static let fault = "{ kind: drop-replies, role: switch, probability: 0.02 }"

    /// Runs `profile` on a copy of the simulated station with the fault and prints its wall time over `cleanWall`.
    static func run(
        settings: SequencerBenchmark.Settings, profile: String, keyDirectory: String, cleanWall: Double,
        output: BenchmarkOutput
    ) async throws {
        let original = try String(contentsOfFile: settings.stationPath, encoding: .utf8)
        let marker = "  faults: []"
        guard original.contains(marker) else {
            throw BenchmarkError("\(settings.stationPath) has no `\(marker)` line to put the dropped-replies fault in")
        }
        let station = FileManager.default.temporaryDirectory
            .appendingPathComponent("qualstation-bench-drop-\(UUID().uuidString).yaml").path
        try original.replacingOccurrences(of: marker, with: "  faults:\n    - \(fault)")
            .write(toFile: station, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: station) }
        let run = QualificationRun(stationPath: station, profilePath: settings.profilePath(profile), keyDirectory: keyDirectory)
        var walls: [Double] = []
        var verdicts: Set<String> = []
        for _ in 0..<max(1, settings.runs) {
            let result = try await run.run()
            walls.append(result.wallSeconds)
            verdicts.insert(result.verdict.rawValue)
        }
        let wall = BenchMath.median(walls)
        output.figure(BenchmarkFigure(
            name: "sequencer \(profile) wall time with 2 % of switch replies dropped / without", value: wall / cleanWall,
            unit: "x"))
        output.note(
            "\(profile) with 2 % of switch replies dropped: wall \(String(format: "%.2f", wall)) s against "
                + "\(String(format: "%.2f", cleanWall)) s clean, verdict \(verdicts.sorted().joined(separator: "/")); "
                + "each dropped reply times out in station time")
    }
}
