import ArgumentParser
import Foundation
import RunControl
import StationConfiguration

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

    @Option(help: "The DUT's serial number; on a batch station, one per socket, in the station file's socket order.")
    var dut: [String] = []

    @Option(help: "A DUT of a batch and its socket, ID=SERIAL (e.g. S2=MLED-0042); repeat for each socket used.")
    var socket: [String] = []

    @Option(help: "The run directory (default: runs/<DUT>-<UTC timestamp>); for a batch, where its run directories go.")
    var out: String?

    @Option(help: "Seed for a simulated station (overrides the station file's).")
    var seed: UInt64?

    @Option(name: .customLong("operator"), help: "Who runs the qualification (default: $USER).")
    var operatorName: String?

    @Option(help: "The DUT's lot.")
    var lot: String?

    @OptionGroup var options: StationRunOptions

    @Flag(
        help: """
            When --out already holds a run, resume it instead of refusing (for a service that restarts: \
            deploy/systemd/qualstation-run@.service).
            """)
    var resumeExisting = false

    func validate() throws {
        guard !dut.isEmpty || !socket.isEmpty else {
            throw ValidationError("missing --dut SERIAL (or, for a batch, --socket ID=SERIAL per socket)")
        }
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        for serial in dut + socket.map({ String($0.split(separator: "=", maxSplits: 1).last ?? "") }) {
            guard !serial.isEmpty, serial.unicodeScalars.allSatisfy(allowed.contains) else {
                throw ValidationError("--dut '\(serial)': use letters, digits, '-', '_' and '.' only (it names the run directory)")
            }
        }
        for member in socket where !member.contains("=") {
            throw ValidationError("--socket '\(member)': expected ID=SERIAL, e.g. S2=MLED-0042")
        }
    }

    /// The batch members asked for, or nil for a single-DUT run (one --dut on a station without sockets).
    func batchMembers() -> [BatchRunRequest.Member]? {
        let sockets = (try? StationFile.load(path: station))?.batchSockets.map(\.id) ?? []
        guard !socket.isEmpty || dut.count > 1 || sockets.count > 1 else { return nil }
        var members = socket.map { text -> BatchRunRequest.Member in
            let parts = text.split(separator: "=", maxSplits: 1).map(String.init)
            return BatchRunRequest.Member(socket: parts[0], dut: parts.count > 1 ? parts[1] : "")
        }
        let free = sockets.filter { id in !members.contains { $0.socket == id } }
        for (index, serial) in dut.enumerated() {
            // More DUTs than free sockets: the runner refuses the socket that does not exist.
            members.append(BatchRunRequest.Member(socket: index < free.count ? free[index] : "S\(sockets.count + index - free.count + 1)", dut: serial))
        }
        return members
    }

    func run() async throws {
        if resumeExisting, let out, FileManager.default.fileExists(atPath: RunDirectory(path: out).storePath) {
            try await ResumeCommand.parse([out] + options.arguments).run()
        }
        let terminal = Terminal.current
        let progress = TerminalProgress(terminal: terminal)
        let (reporter, service) = ServiceProgress.wrapping(progress, environment: ProcessInfo.processInfo.environment)
        let runner = QualificationRunner(
            progress: reporter, keys: .standard(), softwareVersion: QualStationVersion.current,
            stationLocks: options.stationLocks)
        let fleet = try options.fleet(stationPath: station)
        if let members = batchMembers() {
            var request = BatchRunRequest(
                stationPath: station, profilePath: profile, members: members, base: out, seed: seed,
                operatorName: operatorName ?? ProcessInfo.processInfo.environment["USER"] ?? "operator", lot: lot)
            // With a fleet, the member directories are named here so each member's replication knows where to look.
            let startedAt = BatchRunRequest.wholeSeconds(Date())
            request.startedAt = startedAt
            let directories = fleet == nil ? [] : request.memberDirectories(startedAt: startedAt)
            try await RunSupervision.superviseAll(progress: progress, service: service, terminal: terminal) {
                [request] () async throws(RunControlError) in
                try await FleetLiveRun.around(fleet, directories: directories) { () async throws(RunControlError) in
                    try await runner.startBatch(request)
                }
            }
        }
        let dut = self.dut.first ?? ""
        // With a fleet, the run directory is chosen here so the replication task knows where to look.
        let directory = out ?? fleet.map { _ in RunDirectory.defaultPath(dut: dut, startedAt: Date()) }
        let request = RunRequest(
            stationPath: station, profilePath: profile, dut: dut, outputDirectory: directory, seed: seed,
            operatorName: operatorName ?? ProcessInfo.processInfo.environment["USER"] ?? "operator", lot: lot)
        try await RunSupervision.supervise(progress: progress, service: service, terminal: terminal) {
            () async throws(RunControlError) in
            try await FleetLiveRun.around(fleet, directory: directory) { () async throws(RunControlError) in
                try await runner.start(request)
            }
        }
    }
}
