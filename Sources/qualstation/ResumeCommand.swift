import ArgumentParser
import Foundation
import RunControl
import RunStore

/// `qualstation resume`: continues an interrupted or INCOMPLETE run, or, with `--all-interrupted`, every
/// interrupted run under a runs root (after a power cut).
struct ResumeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "resume",
        abstract: "Resume an interrupted or INCOMPLETE run from its first incomplete step.",
        discussion: """
            Temperature is re-established before measuring again; recorded evidence is kept, never counted twice.

            With --all-interrupted, the argument is a runs root: every run under it whose process died (a power cut, \
            a crash), that was stopped by a signal, or whose certificate was never written, is resumed in a process \
            of its own that outlives this command (output in RUN_DIR/resume.log), one run per station at a time; \
            the members of a batch resume together, with their first member. \
            Runs that ended INCOMPLETE for another reason are listed, not resumed. Exits 0 when every interrupted \
            run was resumed, 75 when some wait for their station.
            """)

    @Argument(help: "The run directory (with --all-interrupted: the runs root).")
    var runDirectory: String

    @Flag(help: "Resume every interrupted run under the runs root whose station is free.")
    var allInterrupted = false

    @OptionGroup var options: StationRunOptions

    func run() async throws {
        if allInterrupted {
            try await InterruptedRunResumption(root: runDirectory, options: options).run()
        }
        let terminal = Terminal.current
        let progress = TerminalProgress(terminal: terminal)
        let (reporter, service) = ServiceProgress.wrapping(progress, environment: ProcessInfo.processInfo.environment)
        let runner = QualificationRunner(
            progress: reporter, keys: .standard(), softwareVersion: QualStationVersion.current,
            stationLocks: options.stationLocks)
        let directory = runDirectory
        // The station file the run was started with may name the fleet (as it did for `qualstation run`).
        let stationPath = try? RunStore.open(at: RunDirectory(path: directory).storePath).run().stationPath
        let fleet = try options.fleet(stationPath: stationPath)
        if let members = BatchMetadata.directories(ofRunIn: directory) {
            // A member of a batch: the whole batch resumes together, in one chamber, and every member replicates.
            try await RunSupervision.superviseAll(progress: progress, service: service, terminal: terminal) {
                () async throws(RunControlError) in
                try await FleetLiveRun.around(fleet, directories: members) { () async throws(RunControlError) in
                    try await runner.resumeBatch(directory: directory)
                }
            }
        }
        try await RunSupervision.supervise(progress: progress, service: service, terminal: terminal) {
            () async throws(RunControlError) in
            try await FleetLiveRun.around(fleet, directory: directory) { () async throws(RunControlError) in
                try await runner.resume(directory: directory)
            }
        }
    }
}
