import ArgumentParser
import Foundation

/// The process entry point: makes sure Ctrl-C and SIGTERM reach the process, then runs the command line.
///
/// A parent can start us with SIGINT or SIGTERM blocked (test runners and some supervisors do); the safe-state
/// handling of a run depends on receiving them, so they are unblocked before anything else happens.
@main
enum QualStationMain {
    static func main() async {
        var signals = sigset_t()
        sigemptyset(&signals)
        sigaddset(&signals, SIGINT)
        sigaddset(&signals, SIGTERM)
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
        await QualStationCommand.main()
    }
}

/// The `qualstation` command: runs qualification profiles on a station and issues signed certificates.
struct QualStationCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "qualstation",
        abstract: "Qualify Micro LED co-packaged-optics arrays: run profiles, record evidence, issue signed certificates.",
        discussion: """
            Exit codes: 0 PASS, 1 FAIL, 2 INCOMPLETE, 64 usage error, 65 bad input file, 69 instrument unreachable, \
            74 file error.
            """,
        version: QualStationVersion.current,
        subcommands: [
            RunCommand.self, ResumeCommand.self, ValidateCommand.self, SimulateCommand.self, ProbeCommand.self,
            DiscoverCommand.self, CertificateCommand.self, KeysCommand.self, FleetCommand.self, ServeCommand.self,
        ]
    )
}

/// The version recorded in runs and certificates.
enum QualStationVersion {
    static let current = "0.2.0"
}
