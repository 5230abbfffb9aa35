import Foundation
import Qualification
import RunControl
import RunStore

/// Batch qualification: the chamber time of a 4-DUT batch against one DUT through the same profile, the throughput
/// in DUTs per chamber-hour, and the CPU per DUT for 1, 2, 4 and 8 sockets.
enum BatchBenchmark {
    /// What one batch took.
    struct Result {
        /// Station time from the batch's start to its end, s.
        var chamberSeconds: Double
        /// CPU of the whole process during the batch (sequencer, drivers and the in-process simulators), s.
        var cpuSeconds: Double
        /// Each DUT's verdict, in socket order.
        var verdicts: [Verdict]
    }

    static func run(root: String, profile: String, scalingProfile: String, output: BenchmarkOutput) async throws {
        let keys = QualificationRun.temporaryKeyDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        let profilePath = path(root, profile)
        let single = try await QualificationRun(
            stationPath: path(root, "stations/simulated.yaml"), profilePath: profilePath, keyDirectory: keys
        ).run()
        let batch = try await batchRun(sockets: 4, root: root, profile: profilePath, keys: keys)
        let name = URL(fileURLWithPath: profile).deletingPathExtension().lastPathComponent
        let singleHours = single.simulatedSeconds / 3600
        let batchHours = batch.chamberSeconds / 3600
        output.figures([
            BenchmarkFigure(name: "batch \(name): single-DUT chamber time", value: singleHours, unit: "h"),
            BenchmarkFigure(name: "batch \(name): 4-DUT batch chamber time", value: batchHours, unit: "h"),
            BenchmarkFigure(name: "batch \(name): 4-DUT batch / single chamber time", value: batchHours / singleHours, unit: "x"),
            BenchmarkFigure(name: "batch \(name): single-DUT throughput", value: 1 / singleHours, unit: "DUT/chamber-h"),
            BenchmarkFigure(name: "batch \(name): 4-DUT batch throughput", value: 4 / batchHours, unit: "DUT/chamber-h"),
            BenchmarkFigure(name: "batch \(name): throughput batch / single", value: (4 / batchHours) / (1 / singleHours), unit: "x"),
        ])
        output.note("verdicts: single \(single.verdict.rawValue); batch " + batch.verdicts.map(\.rawValue).joined(separator: ", "))
        let scaling = URL(fileURLWithPath: scalingProfile).deletingPathExtension().lastPathComponent
        for sockets in [1, 2, 4, 8] {
            let result = try await batchRun(sockets: sockets, root: root, profile: path(root, scalingProfile), keys: keys)
            output.figure(
                BenchmarkFigure(name: "batch \(scaling): CPU per DUT with \(sockets) socket(s)", value: result.cpuSeconds / Double(sockets), unit: "s"))
        }
        output.note("CPU is the whole process's (sequencer, drivers, run stores, certificates and the in-process simulators)")
    }

    static func path(_ root: String, _ relative: String) -> String {
        relative.hasPrefix("/") ? relative : URL(fileURLWithPath: root).appendingPathComponent(relative).path
    }

    /// A batch of `sockets` DUTs on the shipped batch station widened (or narrowed) to that many sockets.
    static func batchRun(sockets: Int, root: String, profile: String, keys: String) async throws -> Result {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qualstation-bench-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let station = scratch.appendingPathComponent("station.yaml").path
        try stationText(sockets: sockets, root: root).write(toFile: station, atomically: true, encoding: .utf8)
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: keys), softwareVersion: "qualstation-bench")
        let request = BatchRunRequest(
            stationPath: station, profilePath: profile,
            members: (1...sockets).map { BatchRunRequest.Member(socket: "S\($0)", dut: "BENCH-\($0)") },
            base: scratch.appendingPathComponent("runs").path, operatorName: "bench")
        let cpuBefore = QualificationRun.processCPUSeconds()
        let outcomes = try await runner.startBatch(request)
        let cpu = QualificationRun.processCPUSeconds() - cpuBefore
        guard let first = outcomes.first else { throw BenchmarkError("the batch of \(sockets) returned no runs") }
        let record = try RunStore.open(at: first.directory.storePath).run()
        guard let ended = record.endedAt else { throw BenchmarkError("run \(record.id) has no end time") }
        return Result(chamberSeconds: ended.timeIntervalSince(record.startedAt), cpuSeconds: cpu, verdicts: outcomes.map(\.verdict))
    }

    /// The shipped batch station with `sockets` sockets of 416 lanes: S1 on the station's supply with the chamber's
    /// DUT thermocouple, the others on their own simulated supplies (Keithley 2460: the array draws about 1.24 A)
    /// and their own channels of the thermocouple reader, as in the shipped file.
    static func stationText(sockets: Int, root: String) throws -> String {
        let text = try String(contentsOfFile: path(root, "stations/simulated-batch.yaml"), encoding: .utf8)
        guard let start = text.range(of: "\nsockets:\n"), let end = text.range(of: "\nsimulation:\n") else {
            throw BenchmarkError("stations/simulated-batch.yaml: no sockets: section before simulation:")
        }
        var block = "\nsockets:\n"
        for index in 0..<sockets {
            let first = 416 * index + 1
            block += "  - id: S\(index + 1)\n    lanes: 416\n    bert_first_channel: \(first)\n    switch_first_channel: \(first)\n"
            if index == 0 {
                block += "    supply_output: 1\n    thermocouple: chamber\n"
            } else {
                block += "    supply: { driver: keithley-2460, resource: sim, calibration: { certificate: CAL-BENCH-\(index + 1), "
                    + "calibrated: 2026-03-01, due: 2027-03-01, uncertainty: { voltage_percent: 0.02, current_percent: 0.05 } } }\n"
                    + "    thermocouple: thermocouples:\(101 + index)\n"
            }
        }
        return String(text[..<start.lowerBound]) + block + String(text[end.lowerBound...])
            .replacingOccurrences(of: "channels: 1664", with: "channels: \(416 * sockets)")
    }
}
