import Foundation
import Qualification
import RunControl

/// Whole qualifications in-process on the simulated station: how much station time passes per wall second, how
/// close a run's station time comes to the plan's physical lower bound (next to a naive schedule of the same
/// plan), and whether peak memory stays flat when a burn-in runs 72 h instead of 1 h.
enum SequencerBenchmark {
    /// What to run.
    struct Settings: Sendable {
        /// The directory holding `stations/` and `profiles/`.
        var root: String
        /// Runs per profile; the median is reported.
        var runs: Int
        /// The short burn-in of the memory comparison, hours.
        var shortHours: Double
        /// The long burn-in of the memory comparison, hours.
        var longHours: Double
        /// One optical power reading in the naive schedule's scan, s.
        var naiveMeterQuerySeconds: Double

        /// The simulated station file.
        var stationPath: String { root + "/stations/simulated.yaml" }
        /// A profile by name.
        func profilePath(_ name: String) -> String { root + "/profiles/\(name).yaml" }
    }

    /// The profiles whose speed is measured.
    static let profiles = ["cpo-qualification", "burn-in-overnight"]

    /// Runs the measurements and prints the figures.
    static func run(_ settings: Settings, output: BenchmarkOutput) async throws {
        let memoryLines = try memory(settings: settings)
        let keys = QualificationRun.temporaryKeyDirectory()
        defer { try? FileManager.default.removeItem(atPath: keys) }
        for name in profiles {
            let run = QualificationRun(
                stationPath: settings.stationPath, profilePath: settings.profilePath(name), keyDirectory: keys)
            var results: [QualificationRun.Result] = []
            for _ in 0..<max(1, settings.runs) {
                results.append(try await run.run())
            }
            try report(name: name, results: results, settings: settings, output: output)
            if name == DroppedRepliesBenchmark.profile {
                try await DroppedRepliesBenchmark.run(
                    settings: settings, profile: name, keyDirectory: keys,
                    cleanWall: BenchMath.median(results.map(\.wallSeconds)), output: output)
            }
        }
        for line in memoryLines {
            switch line {
            case .figure(let figure): output.figure(figure)
            case .note(let text): output.note(text)
            }
        }
    }

    /// Prints speed, bound and naive figures for one profile's runs.
    private static func report(
        name: String, results: [QualificationRun.Result], settings: Settings, output: BenchmarkOutput
    ) throws {
        let simulated = BenchMath.median(results.map(\.simulatedSeconds))
        output.figure(BenchmarkFigure(
            name: "sequencer \(name) simulated seconds per wall second",
            value: BenchMath.median(results.map { $0.simulatedSeconds / $0.wallSeconds }), unit: "x"))
        output.figure(BenchmarkFigure(
            name: "sequencer \(name) wall time", value: BenchMath.median(results.map(\.wallSeconds)), unit: "s"))
        output.figure(BenchmarkFigure(
            name: "sequencer \(name) CPU time / wall time",
            value: BenchMath.median(results.map { $0.cpuSeconds / $0.wallSeconds }), unit: "x"))
        let verdicts = Set(results.map(\.verdict.rawValue)).sorted().joined(separator: "/")
        let walls = results.map { format($0.wallSeconds) }.joined(separator: ", ")
        output.note(
            "\(name): \(results.count) run(s), verdict \(verdicts), \(format(simulated)) s "
                + "(\(format(simulated / 3600)) h) of station time each; wall \(walls) s")
        let plan = try QualificationRunner.loadPlan(
            stationPath: settings.stationPath, profilePath: settings.profilePath(name))
        if let first = results.first {
            if first.verdict != .pass {
                output.note("why \(first.verdict.rawValue): " + first.reasons.joined(separator: "; "))
            }
            output.note(SequencerBreakdown.traffic(first, plan: plan))
        }

        let bound = try ScheduleBound(plan: plan, meterQuerySeconds: settings.naiveMeterQuerySeconds)
        output.figure(BenchmarkFigure(name: "sequencer \(name) lower bound", value: bound.seconds, unit: "s"))
        output.figure(BenchmarkFigure(
            name: "sequencer \(name) run duration / lower bound", value: simulated / bound.seconds, unit: "x"))
        output.figure(BenchmarkFigure(
            name: "sequencer \(name) naive schedule / lower bound", value: bound.naiveSeconds / bound.seconds,
            unit: "x"))
        if bound.stationOnlySeconds < bound.seconds {
            output.note(
                "with every ramp at the station's limit (ignoring the profile's condensation-guard slow ramp) the "
                    + "bound would be \(format(bound.stationOnlySeconds)) s; run duration / that: "
                    + String(format: "%.3f", simulated / bound.stationOnlySeconds))
        }
        output.note(
            "naive schedule: \(format(bound.naiveSeconds)) s (30 min soaks, full-length gates, "
                + "power scanned after the gate at \(format(settings.naiveMeterQuerySeconds * 1000)) "
                + "ms per meter query)")
        if let first = results.first {
            for line in SequencerBreakdown.steps(first, bound: bound) { output.note(line) }
            // What no sequencer can avoid on this DUT: its thermal lag and the gate time its own errors demand.
            let demanded = try SequencerBreakdown.demandedGateSeconds(first, plan: plan)
            let zeroErrorGates = demanded.keys.reduce(0.0) { $0 + bound.steps[$1].measureSeconds }
            let extraGate = max(0, demanded.values.reduce(0, +) - zeroErrorGates)
            if bound.lagFloorSeconds > 0 || extraGate > 0 {
                let reachable = bound.seconds + bound.lagFloorSeconds + extraGate
                output.figure(BenchmarkFigure(
                    name: "sequencer \(name) run duration / (bound + DUT lag floor + error-demanded gate time)",
                    value: simulated / reachable, unit: "x"))
                output.note(
                    "above the bound, the DUT itself accounts for \(format(bound.lagFloorSeconds)) s of thermal lag "
                        + "(its \(format(plan.station.simulation?.dutTimeConstantSeconds ?? 0)) s time constant behind "
                        + "an air ramp at the allowed rate, whatever the air does) and \(format(extraGate)) s of gate "
                        + "time its lanes' errors demand beyond a zero-error gate; the sequencer's own overhead is "
                        + "\(format(simulated - reachable)) s")
            }
        }
    }

    /// A line of the memory comparison, printed after the other figures.
    private enum Line {
        case figure(BenchmarkFigure)
        case note(String)
    }

    /// Peak memory of a short and a long burn-in, each in a child process of its own, read with `wait4`.
    ///
    /// It runs before the in-process qualifications: a forked child starts out charged with the parent's resident
    /// memory, so the parent should be small then. Each child also reports its own `VmHWM` as a cross-check.
    private static func memory(settings: Settings) throws -> [Line] {
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        var lines: [Line] = []
        var peaks: [Double] = []
        for hours in [settings.shortHours, settings.longHours] {
            let arguments = ["burn-in-child", "--hours", BurnInChild.format(hours), "--root", settings.root]
            let result = try ChildProcess(program: executable, arguments: arguments).run()
            guard result.exitCode == 0 else {
                let how = result.exitCode.map { "exit code \($0)" } ?? "signal \(result.signal ?? 0)"
                throw BenchmarkError("burn-in child (\(hours) h) ended with \(how): \(result.errorOutput.suffix(600))")
            }
            let report = BurnInChild.parse(result.output)
            let megabytes = Double(result.maxResidentBytes) / 1_048_576
            peaks.append(megabytes)
            lines.append(.figure(BenchmarkFigure(
                name: "burn-in \(BurnInChild.format(hours)) h peak memory (max RSS)", value: megabytes, unit: "MiB")))
            var note = "\(BurnInChild.format(hours)) h burn-in child:"
            if let simulated = report.simulatedSeconds, let wall = report.wallSeconds {
                note += " \(format(simulated)) s of station time in \(format(wall)) s "
                    + "(\(format(simulated / wall)) simulated s per wall s),"
            }
            note += " verdict \(report.verdict ?? "?")" + (report.reasons.map { " (\($0.prefix(140)))" } ?? "")
            if let own = report.peakResidentBytes {
                note += String(format: "; its own VmHWM %.1f MiB", Double(own) / 1_048_576)
                if Double(result.maxResidentBytes) > Double(own) * 1.05 {
                    note += " (wait4's figure is higher: it counts the parent's resident memory at fork)"
                }
            }
            if let median = report.medianResidentBytes {
                note += String(format: ", median RSS while running %.1f MiB", Double(median) / 1_048_576)
            }
            lines.append(.note(note))
        }
        if peaks.count == 2, peaks[0] > 0 {
            let long = BurnInChild.format(settings.longHours)
            let short = BurnInChild.format(settings.shortHours)
            lines.append(.figure(BenchmarkFigure(
                name: "burn-in peak memory \(long) h / \(short) h", value: peaks[1] / peaks[0], unit: "x")))
        }
        return lines
    }

    private static func format(_ value: Double) -> String {
        SequencerBreakdown.format(value)
    }
}
