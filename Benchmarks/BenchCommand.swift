import ArgumentParser
import Fleet
import Foundation

/// `qualstation-bench [prbs|scpi|sequencer|gate|all]`: prints figures (`name: value unit`), never asserts speed.
///
/// Run it from the package root (it reads `stations/`, `profiles/` and `Benchmarks/pyvisa_roundtrips.py` there),
/// release build, pinned to one core: `taskset -c 0 .build/release/qualstation-bench all`.
@main
struct BenchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qualstation-bench",
        abstract: "Print QualStation's performance figures (name: value unit). Never fails on speed.",
        discussion: """
            Run from the package root, release build, on one core:
              taskset -c 0 .build/release/qualstation-bench all
            Ratios measured side by side in one run carry between machines; absolute times do not.
            """,
        subcommands: [
            All.self, PRBSSection.self, SCPISection.self, SequencerSection.self, GateSection.self, BatchSection.self, FleetSection.self,
            ConsoleSection.self,
            BurnInChildCommand.self,
        ],
        defaultSubcommand: All.self)
}

/// Options every section understands.
struct BenchOptions: ParsableArguments {
    @Option(help: "The directory holding stations/, profiles/ and Benchmarks/ (the package root).")
    var root = "."

    @Option(help: "PRBS: size of each stream buffer, MiB.")
    var prbsMegabytes = 64

    @Option(help: "PRBS: timed repetitions (median reported).")
    var prbsRepetitions = 7

    @Option(help: "SCPI: queries per timed repetition.")
    var queries = 2000

    @Option(help: "SCPI: timed repetitions per round (median reported).")
    var scpiRepetitions = 5

    @Option(help: "SCPI: rounds of floor, QualStation and pyvisa-py, one after the other.")
    var rounds = 3

    @Option(help: "SCPI: the Python interpreter with pyvisa and pyvisa-py ($QUALSTATION_BENCH_PYTHON, else python3).")
    var python = ProcessInfo.processInfo.environment["QUALSTATION_BENCH_PYTHON"] ?? "python3"

    @Option(help: "SCPI: the pyvisa script (default <root>/Benchmarks/pyvisa_roundtrips.py).")
    var pyvisaScript: String?

    @Option(help: "SCPI: the CPU to restrict the process to (default: the first one it may use).")
    var cpu: Int?

    @Flag(help: "SCPI: leave the CPU affinity alone (figures then depend on where the scheduler puts each side).")
    var noPin = false

    @Option(help: "Sequencer: runs per profile (median reported).")
    var runs = 3

    @Option(help: "Sequencer: the short burn-in of the memory comparison, hours.")
    var burnInShortHours = 1.0

    @Option(help: "Sequencer: the long burn-in of the memory comparison, hours.")
    var burnInLongHours = 72.0

    @Option(help: "Sequencer: one optical power meter query in the naive schedule, ms.")
    var naiveMeterQueryMs = 10.0

    @Option(help: "Gate: simulated lanes per gate at each BER (target and target/10).")
    var gateLanes = 100_000

    /// The SCPI section's settings.
    var scpi: SCPIBenchmark.Settings {
        SCPIBenchmark.Settings(
            stationPath: root + "/stations/simulated.yaml", count: max(1, queries),
            repetitions: max(1, scpiRepetitions), warmup: max(100, queries / 10), rounds: max(1, rounds),
            python: python,
            script: pyvisaScript ?? root + "/Benchmarks/pyvisa_roundtrips.py", cpu: cpu, pin: !noPin)
    }

    /// The sequencer section's settings.
    var sequencer: SequencerBenchmark.Settings {
        SequencerBenchmark.Settings(
            root: root, runs: max(1, runs), shortHours: burnInShortHours, longHours: burnInLongHours,
            naiveMeterQuerySeconds: naiveMeterQueryMs / 1000)
    }

    /// Runs the PRBS section.
    func runPRBS(_ output: BenchmarkOutput) {
        output.header("prbs: checker throughput against memcpy, one core")
        output.figures(PRBSBenchmark.run(megabytes: prbsMegabytes, repetitions: prbsRepetitions))
    }

    /// Runs the SCPI section.
    func runSCPI(_ output: BenchmarkOutput) async throws {
        output.header("scpi: query round trips against the simulated BERT on loopback TCP, QualStation vs pyvisa-py")
        try await SCPIBenchmark.run(scpi, output: output)
        output.header("scpi over VXI-11 and HiSLIP: QualStation's links vs pyvisa-py, same simulator, same run")
        try await SCPIBenchmark.runLANProtocols(scpi, output: output)
    }

    /// Runs the gate section.
    func runGate(_ output: BenchmarkOutput) throws {
        output.header("gate: BER gate plans, Monte Carlo of decide() at the poll schedule against the exact figure")
        try GateBenchmark.run(GateBenchmark.Settings(root: root, lanes: max(1, gateLanes)), output: output)
    }

    /// Runs the sequencer section.
    func runSequencer(_ output: BenchmarkOutput) async throws {
        output.header("sequencer: whole simulated qualifications in-process")
        try await SequencerBenchmark.run(sequencer, output: output)
    }
}

extension BenchCommand {
    /// Every section in turn (the default).
    struct All: AsyncParsableCommand {
        static let configuration = CommandConfiguration(commandName: "all", abstract: "Run every section.")

        @OptionGroup var options: BenchOptions

        func run() async throws {
            let output = BenchmarkOutput()
            options.runPRBS(output)
            try await options.runSCPI(output)
            try await options.runSequencer(output)
            try options.runGate(output)
        }
    }

    /// PRBS checker and generator throughput next to memcpy.
    struct PRBSSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "prbs", abstract: "PRBS checker Gbit/s per core next to memcpy, and their ratio.")

        @OptionGroup var options: BenchOptions

        func run() async throws {
            options.runPRBS(BenchmarkOutput())
        }
    }

    /// SCPI round trips, QualStation against pyvisa-py.
    struct SCPISection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "scpi",
            abstract: "SCPI queries per second on loopback TCP: QualStation, pyvisa-py and a blocking-socket floor.")

        @OptionGroup var options: BenchOptions

        func run() async throws {
            try await options.runSCPI(BenchmarkOutput())
        }
    }

    /// Whole qualifications: speed, lower bound, memory.
    struct SequencerSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "sequencer",
            abstract: "Simulated seconds per wall second, run duration against the lower bound, burn-in peak memory.")

        @OptionGroup var options: BenchOptions

        func run() async throws {
            try await options.runSequencer(BenchmarkOutput())
        }
    }

    /// Batch qualification: chamber time and throughput of a 4-DUT batch, CPU per DUT by socket count.
    struct BatchSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "batch",
            abstract: "Chamber time of a 4-DUT batch against one DUT, DUTs per chamber-hour, CPU per DUT for 1, 2, 4 and 8 sockets.")

        @OptionGroup var options: BenchOptions

        @Option(help: "The profile whose chamber time is compared.")
        var batchProfile = "profiles/cpo-qualification.yaml"

        @Option(help: "The profile of the CPU-per-DUT runs (1, 2, 4 and 8 sockets).")
        var scalingProfile = "profiles/quick-check.yaml"

        func run() async throws {
            let output = BenchmarkOutput()
            output.header("batch: several DUTs in one chamber")
            try await BatchBenchmark.run(root: options.root, profile: batchProfile, scalingProfile: scalingProfile, output: output)
        }
    }

    /// BER gate plans: simulated against exact acceptance.
    struct GateSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "gate",
            abstract: "BER gate plans: simulated false acceptance and acceptance at target/10 next to the exact figures.")

        @OptionGroup var options: BenchOptions

        func run() async throws {
            try options.runGate(BenchmarkOutput())
        }
    }

    /// Replication into PostgreSQL: rows per second against the COPY ceiling, and live lag.
    struct FleetSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "fleet",
            abstract: "Fleet replication rows/s next to psql \\copy (the ceiling), their ratio, and live replication lag.",
            discussion: """
                Needs a PostgreSQL server where it may create a database: --fleet URL, else $QUALSTATION_FLEET_URL, \
                else $QUALSTATION_TEST_POSTGRES_URL; e.g. scripts/test-postgres .build/release/qualstation-bench fleet
                """)

        @OptionGroup var options: BenchOptions

        @Option(name: .customLong("fleet"), help: "A PostgreSQL URL of a user that may create databases.")
        var fleetURL: String?

        @Option(help: "Simulated quick-check runs to ingest.")
        var fleetRuns = 3

        @Option(help: "The psql executable.")
        var psql = "/usr/bin/psql"

        func run() async throws {
            let environment = ProcessInfo.processInfo.environment
            guard let text = fleetURL ?? environment["QUALSTATION_FLEET_URL"] ?? environment["QUALSTATION_TEST_POSTGRES_URL"]
            else {
                throw ValidationError("give --fleet URL (or QUALSTATION_FLEET_URL, or run under scripts/test-postgres)")
            }
            let output = BenchmarkOutput()
            output.header("fleet: replication into PostgreSQL against psql \\copy, and live lag")
            try await FleetBenchmark.run(
                FleetBenchmark.Settings(root: options.root, url: try FleetURL(text), runs: max(1, fleetRuns), psql: psql),
                output: output)
        }
    }

    /// The child process of the memory comparison (hidden).
    struct BurnInChildCommand: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "burn-in-child", abstract: "Run burn-in-overnight.yaml for --hours in this process.",
            shouldDisplay: false)

        @Option(help: "Burn-in duration, hours.")
        var hours: Double

        @Option(help: "The directory holding stations/ and profiles/.")
        var root = "."

        func run() async throws {
            try await BurnInChild.run(hours: hours, root: root)
        }
    }
}

extension BenchCommand {
    /// The lab console over 1,000 finished and 4 live runs.
    struct ConsoleSection: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "console",
            abstract: "Console run list median/p99, /api/runs req/s, live update latency and CPU with 4 live runs.",
            discussion: "Starts `qualstation serve` and simulated burn-ins from the qualstation binary beside this one.")

        @OptionGroup var options: BenchOptions

        @Option(help: "Finished runs to generate.")
        var finishedRuns = 1000

        @Option(help: "Live simulated runs.")
        var liveRuns = 4

        @Option(help: "Seconds of the live window (latency and CPU).")
        var window = 20.0

        func run() async throws {
            let output = BenchmarkOutput()
            output.header("console: qualstation serve over \(finishedRuns) finished and \(liveRuns) live runs")
            let executable = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
                .appendingPathComponent("qualstation").path
            try await ConsoleBenchmark.run(
                ConsoleBenchmark.Settings(
                    root: options.root, finishedRuns: max(1, finishedRuns), liveRuns: max(1, liveRuns), windowSeconds: max(1, window),
                    executable: executable),
                output: output)
        }
    }
}
