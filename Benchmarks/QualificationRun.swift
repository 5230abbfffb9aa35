import Foundation
import Glibc
import Qualification
import RunControl
import RunStore

/// One whole qualification run in-process on the simulated station, as `qualstation run` does it (virtual clock,
/// simulators on real links, run store, verdict, signed certificate), timed on the wall clock.
struct QualificationRun: Sendable {
    /// What one run took and produced.
    struct Result: Sendable {
        /// Station time from the run record's start to its end, s.
        var simulatedSeconds: Double
        /// Wall-clock time of the whole `start` call, s.
        var wallSeconds: Double
        /// The verdict.
        var verdict: Verdict
        /// Why, when the verdict is not PASS.
        var reasons: [String]
        /// CPU time of the whole process (every thread, simulators included) during the run, s.
        var cpuSeconds: Double
        /// Stored measurements by quantity (`air_temperature` counts chamber samples, `optical_power` meter reads).
        var measurementCounts: [String: Int]
        /// Every step as stored, with its start and end in station time.
        var steps: [StepRecord]
        /// Every event as stored (gate ends, re-synchronisations, retries).
        var events: [EventRecord]
        /// Each lane's last error count, by step index and lane.
        var finalErrors: [Int: [Int: Double]]
    }

    /// The station file.
    var stationPath: String
    /// The profile.
    var profilePath: String
    /// Where the station signing key lives (created on first use).
    var keyDirectory: String

    /// Runs the qualification into a temporary run directory, which is removed afterwards.
    func run() async throws -> Result {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("qualstation-bench-run-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: keyDirectory),
            softwareVersion: "qualstation-bench")
        let request = RunRequest(
            stationPath: stationPath, profilePath: profilePath, dut: "BENCH-0001", outputDirectory: directory,
            operatorName: "bench")
        let cpuBefore = Self.processCPUSeconds()
        let start = ContinuousClock.now
        let outcome = try await runner.start(request)
        let wall = BenchMath.seconds(ContinuousClock.now - start)
        let cpu = Self.processCPUSeconds() - cpuBefore
        let store = try RunStore.open(at: outcome.directory.storePath)
        let record = try store.run()
        guard let ended = record.endedAt else {
            throw BenchmarkError("run \(record.id) of \(profilePath) has no end time in its run record")
        }
        var counts: [String: Int] = [:]
        var errors: [Int: [Int: Double]] = [:]
        try store.forEachMeasurement { reading in
            counts[reading.quantity, default: 0] += 1
            if reading.quantity == "ber_errors", let lane = reading.lane { errors[reading.stepIndex, default: [:]][lane] = reading.value }
        }
        return Result(
            simulatedSeconds: ended.timeIntervalSince(record.startedAt), wallSeconds: wall, verdict: outcome.verdict,
            reasons: outcome.assessment.reasons, cpuSeconds: cpu, measurementCounts: counts, steps: try store.steps(),
            events: try store.events(), finalErrors: errors)
    }

    /// User and system CPU time of this process so far, s.
    static func processCPUSeconds() -> Double {
        var usage = rusage()
        getrusage(RUSAGE_SELF.rawValue, &usage)
        return Double(usage.ru_utime.tv_sec) + Double(usage.ru_utime.tv_usec) * 1e-6
            + Double(usage.ru_stime.tv_sec) + Double(usage.ru_stime.tv_usec) * 1e-6
    }

    /// A fresh temporary directory for the station key of a benchmark process.
    static func temporaryKeyDirectory() -> String {
        FileManager.default.temporaryDirectory
            .appendingPathComponent("qualstation-bench-keys-\(UUID().uuidString)").path
    }
}
