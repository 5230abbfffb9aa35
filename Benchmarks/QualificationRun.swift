import Foundation
import Glibc
import LinkStatistics
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
        /// Per gated step, the gate time the DUT's own errors demanded: the longest over the lanes that can meet
        /// the target within the gate's maximum of the bits its final error count requires at the gate's
        /// confidence and target, at the line rate, s.
        var demandedGateSeconds: [Int: Double]
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
        let plan = try QualificationRunner.loadPlan(stationPath: stationPath, profilePath: profilePath)
        var demanded: [Int: Double] = [:]
        for step in plan.steps {
            guard case .temperaturePoint(let point) = step.action, point.measure.ber, let lanes = errors[step.index] else { continue }
            let lineRate = plan.profile.dut.lineRateGbps * 1e9
            // A lane that cannot meet the target within the gate's maximum is decided at once and demands nothing.
            demanded[step.index] = try lanes.values.compactMap { count -> Double? in
                let seconds = try BERStatistics.requiredBits(
                    errors: Int(clamping: Int64(count)), confidence: point.gate.confidence,
                    targetBER: point.gate.targetBER) / lineRate
                return seconds <= point.gate.maximumSeconds ? seconds : nil
            }.max() ?? 0
        }
        return Result(
            simulatedSeconds: ended.timeIntervalSince(record.startedAt), wallSeconds: wall, verdict: outcome.verdict,
            reasons: outcome.assessment.reasons, cpuSeconds: cpu, measurementCounts: counts, steps: try store.steps(),
            events: try store.events(), demandedGateSeconds: demanded)
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
