import ArgumentParser
import Console
import Foundation
import RunControl

/// `qualstation serve`: the lab console over one or more runs roots.
struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the lab console: run list, live runs, certificates, actions, JSON API and /metrics.",
        discussion: """
            The console reads run directories only (run.sqlite in WAL mode while the run writes). It binds to \
            loopback unless told otherwise; on any other address it refuses to start without --token-file, and then \
            every request needs `Authorization: Bearer TOKEN`. SIGTERM or Ctrl-C shut it down gracefully; runs it \
            started go on.
            """)

    @Option(name: .customLong("runs"), help: "A runs root: a folder whose subfolders are run directories (repeatable; default: runs).")
    var runsRoots: [String] = []

    @Option(help: "The address to listen on.")
    var bind: String = "127.0.0.1"

    @Option(help: "The port to listen on (0 picks a free one and prints it).")
    var port: Int = 8470

    @Option(help: "A file whose first line is the bearer token every request must carry.")
    var tokenFile: String?

    @Option(help: "Station files the start form offers (a folder of YAML files).")
    var stations: String?

    @Option(help: "Profiles the start form offers (a folder of YAML files).")
    var profiles: String?

    @Option(help: "Where station locks live for the runs the console starts (default: theirs).")
    var lockDir: String?

    func run() async throws {
        let token: String?
        do {
            token = try tokenFile.map { path throws(ConsoleError) in try ConsoleConfiguration.readToken(path: path) }
        } catch {
            StandardError.write("error: \(error)")
            throw ExitCode(64)
        }
        let configuration = ConsoleConfiguration(
            runsRoots: runsRoots.isEmpty ? ["runs"] : runsRoots, bindAddress: bind, port: port, token: token,
            stationsDirectory: stations, profilesDirectory: profiles, executable: DetachedProcess.currentExecutable(), lockDirectory: lockDir)
        let server: ConsoleServer
        do {
            server = try ConsoleServer(configuration: configuration)
        } catch {
            StandardError.write("error: \(error)")
            throw ExitCode(64)
        }
        let bind = self.bind
        do {
            try await server.run { port in
                FileHandle.standardOutput.write(Data("console listening on http://\(bind.contains(":") ? "[\(bind)]" : bind):\(port)/\n".utf8))
            }
        } catch {
            StandardError.write("error: the console cannot serve on \(bind) port \(port): \(error)")
            throw ExitCode(69)
        }
    }
}
