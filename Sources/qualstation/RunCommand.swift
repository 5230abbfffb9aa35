import ArgumentParser
import Foundation
import RunControl

/// `qualstation run`: runs a qualification profile on a station for one DUT.
struct RunCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a qualification profile on a station and issue a signed certificate.",
        discussion: """
            Writes the run directory (run.sqlite, events.log, certificate.json, certificate.jws, certificate.html) \
            and exits 0 for PASS, 1 for FAIL, 2 for INCOMPLETE. A simulated station runs on a virtual clock.

            Ctrl-C or SIGTERM stops the run safely (chamber to its safe temperature, DUT supply off); resume it \
            with `qualstation resume RUN_DIR`. Exits 75 at once when the station or the run directory is in use by \
            another process.
            """)

    @Option(help: "The station file (YAML).")
    var station: String

    @Option(help: "The qualification profile (YAML).")
    var profile: String

    @Option(help: "The DUT's serial number.")
    var dut: String

    @Option(help: "The run directory (default: runs/<DUT>-<UTC timestamp>).")
    var out: String?

    @Option(help: "Seed for a simulated station (overrides the station file's).")
    var seed: UInt64?

    @Option(name: .customLong("operator"), help: "Who runs the qualification (default: $USER).")
    var operatorName: String?

    @Option(help: "The DUT's lot.")
    var lot: String?

    @Option(help: "Where station locks live (default: $XDG_RUNTIME_DIR, else /run/lock).")
    var lockDir: String?

    @Option(
        name: .customLong("fleet"),
        help: "Replicate the run while it goes on to this fleet database (default: $QUALSTATION_FLEET_URL, else the station file's fleet.url).")
    var fleetURL: String?

    @Flag(
        help: """
            When --out already holds a run, resume it instead of refusing (for a service that restarts: \
            deploy/systemd/qualstation-run@.service).
            """)
    var resumeExisting = false

    func validate() throws {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !dut.isEmpty, dut.unicodeScalars.allSatisfy(allowed.contains) else {
            throw ValidationError("--dut '\(dut)': use letters, digits, '-', '_' and '.' only (it names the run directory)")
        }
    }

    func run() async throws {
        if resumeExisting, let out, FileManager.default.fileExists(atPath: RunDirectory(path: out).storePath) {
            var arguments = [out]
            if let lockDir { arguments += ["--lock-dir", lockDir] }
            if let fleetURL { arguments += ["--fleet", fleetURL] }
            try await ResumeCommand.parse(arguments).run()
        }
        let terminal = Terminal.current
        let progress = TerminalProgress(terminal: terminal)
        let (reporter, service) = ServiceProgress.wrapping(progress, environment: ProcessInfo.processInfo.environment)
        let fleet = try FleetLiveRun.target(option: fleetURL, stationPath: station)
        // With a fleet, the run directory is chosen here so the replication task knows where to look.
        let directory = out ?? fleet.map { _ in RunDirectory.defaultPath(dut: dut, startedAt: Date()) }
        let request = RunRequest(
            stationPath: station, profilePath: profile, dut: dut, outputDirectory: directory, seed: seed,
            operatorName: operatorName ?? ProcessInfo.processInfo.environment["USER"] ?? "operator", lot: lot)
        let runner = QualificationRunner(
            progress: reporter, keys: .standard(), softwareVersion: QualStationVersion.current,
            stationLocks: StationLocks(directory: lockDir))
        try await RunSupervision.supervise(progress: progress, service: service, terminal: terminal) {
            () async throws(RunControlError) in
            try await FleetLiveRun.around(fleet, directory: directory) { () async throws(RunControlError) in
                try await runner.start(request)
            }
        }
    }
}
