import Foundation
import Synchronization

/// The child process of the memory comparison: a copy of `burn-in-overnight.yaml` with another duration, run
/// to completion; it prints its station and wall time as `key: value` lines for the parent.
enum BurnInChild {
    /// What the child reports to the parent.
    struct Report: Sendable {
        /// Station time of the run, s.
        var simulatedSeconds: Double?
        /// Wall time of the run, s.
        var wallSeconds: Double?
        /// The run's verdict.
        var verdict: String?
        /// Why, when the verdict is not PASS.
        var reasons: String?
        /// The child's own peak resident memory (`VmHWM`), bytes.
        var peakResidentBytes: Int?
        /// The median of the child's resident memory sampled every 100 ms during the run, bytes.
        var medianResidentBytes: Int?
    }

    /// Writes the profile copy, runs it and prints the report.
    static func run(hours: Double, root: String) async throws {
        let source = root + "/profiles/burn-in-overnight.yaml"
        let text = try String(contentsOfFile: source, encoding: .utf8)
        let changed = text.replacing(/hours:\s*[0-9.]+/, with: "hours: \(format(hours))", maxReplacements: 1)
        guard changed != text || text.contains("hours: \(format(hours))") else {
            throw BenchmarkError("\(source): no `hours:` entry to change")
        }
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qualstation-bench-burn-in-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let profile = directory + "/burn-in-\(format(hours))h.yaml"
        try changed.write(toFile: profile, atomically: true, encoding: .utf8)
        let sampler = ResidentMemorySampler()
        let result = try await QualificationRun(
            stationPath: root + "/stations/simulated.yaml", profilePath: profile, keyDirectory: directory + "/keys"
        ).run()
        let median = sampler.stop()
        print("simulated_seconds: \(result.simulatedSeconds)")
        print("wall_seconds: \(result.wallSeconds)")
        print("verdict: \(result.verdict.rawValue)")
        if result.verdict != .pass { print("reasons: " + result.reasons.joined(separator: "; ")) }
        if let peak = statusValue("VmHWM:") { print("vm_hwm_bytes: \(peak)") }
        if let median { print("rss_median_bytes: \(median)") }
    }

    /// A memory figure of this process from `/proc/self/status` (`VmHWM:` peak, `VmRSS:` now), bytes.
    static func statusValue(_ key: String) -> Int? {
        guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8) else { return nil }
        for line in status.split(separator: "\n") where line.hasPrefix(key) {
            let kilobytes = line.split(separator: " ").compactMap { Int($0) }.first
            return kilobytes.map { $0 * 1024 }
        }
        return nil
    }

    /// Reads the child's report.
    static func parse(_ output: String) -> Report {
        var report = Report()
        for line in output.split(separator: "\n") {
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard parts.count == 2 else { continue }
            switch parts[0] {
            case "simulated_seconds": report.simulatedSeconds = Double(parts[1])
            case "wall_seconds": report.wallSeconds = Double(parts[1])
            case "verdict": report.verdict = parts[1]
            case "reasons": report.reasons = parts[1]
            case "vm_hwm_bytes": report.peakResidentBytes = Int(parts[1])
            case "rss_median_bytes": report.medianResidentBytes = Int(parts[1])
            default: break
            }
        }
        return report
    }

    /// Hours as written in a profile and a figure's name: `72`, `0.5`.
    static func format(_ hours: Double) -> String {
        String(format: "%g", hours)
    }
}

/// Samples this process's resident memory every 100 ms on a thread of its own, to tell the memory a run holds
/// while it runs from a peak at its end.
final class ResidentMemorySampler: Sendable {
    private let state = Mutex((running: true, samples: [Int]()))

    /// Starts sampling.
    init() {
        let thread = Thread { [self] in
            while true {
                let value = BurnInChild.statusValue("VmRSS:")
                let running = state.withLock { state in
                    if let value { state.samples.append(value) }
                    return state.running
                }
                guard running else { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
        }
        thread.name = "bench-rss-sampler"
        thread.start()
    }

    /// Stops sampling and returns the median sample, bytes.
    func stop() -> Int? {
        let samples = state.withLock { state in
            state.running = false
            return state.samples
        }
        guard !samples.isEmpty else { return nil }
        return samples.sorted()[samples.count / 2]
    }
}
