import Fleet
import Foundation
import Testing

/// The real PostgreSQL cluster that scripts/test-postgres starts for the tests (never a mock).
///
/// Without `QUALSTATION_TEST_POSTGRES_URL` the fleet tests are skipped on a developer's machine, and fail with a
/// message saying how to run them under `CI=true`.
enum TestPostgres {
    static let environment = ProcessInfo.processInfo.environment

    /// Whether the fleet tests run: a cluster is configured, or we are in CI (where its absence is a failure).
    static let enabled = environment["QUALSTATION_TEST_POSTGRES_URL"] != nil || environment["CI"] == "true"

    /// The cluster's URL (as the superuser `postgres`).
    static func serverURL() throws -> FleetURL {
        guard let text = environment["QUALSTATION_TEST_POSTGRES_URL"] else {
            throw Missing()
        }
        return try FleetURL(text)
    }

    struct Missing: Error, CustomStringConvertible {
        var description: String {
            "QUALSTATION_TEST_POSTGRES_URL is not set: the fleet tests need a real PostgreSQL; run the tests through "
                + "scripts/test-postgres (as .ci/run does): scripts/test-postgres swift test --disable-xctest"
        }
    }

    /// A fresh database on the test cluster, migrated, for one test; the URL connects as the superuser.
    static func freshDatabase() async throws -> FleetURL {
        try await FleetMigrator.createDatabase("fleet_test_" + UUID().uuidString.prefix(8).lowercased(), on: serverURL())
    }

    /// The same database as `url`, connecting as `user`.
    static func asUser(_ user: String, _ url: FleetURL) -> FleetURL {
        var other = url
        other.user = user
        return other
    }

    /// Runs `psql` with the file `path` against `url` (stops at the first error).
    static func psqlFile(_ path: String, _ url: FleetURL) throws {
        let bin = environment["QUALSTATION_TEST_POSTGRES_BIN"] ?? "/usr/bin"
        try run(bin + "/psql", [
            "-h", url.host, "-p", String(url.port), "-U", url.user, "-d", url.database, "-v", "ON_ERROR_STOP=1", "-q",
            "-f", path,
        ])
    }

    /// Stops the cluster the way a crash does (`pg_ctl stop -m immediate`).
    static func crash() throws { try pgctl(["stop", "-m", "immediate"]) }

    /// Starts the cluster again after ``crash()`` and waits until it accepts connections.
    ///
    /// pg_ctl is not waited for: the server it leaves running inherits a descriptor Foundation's `Process` watches,
    /// so `waitUntilExit` would last as long as the server.
    static func restart() async throws {
        let data = environment["QUALSTATION_TEST_POSTGRES_DATA"] ?? ""
        let port = environment["QUALSTATION_TEST_POSTGRES_PORT"] ?? "5432"
        let socketDirectory = (data as NSString).deletingLastPathComponent
        try pgctl(
            [
                "start", "-l", socketDirectory + "/log", "-o",
                "-k \(socketDirectory) -p \(port) -c listen_addresses=127.0.0.1 -c fsync=off",
            ], wait: false)
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            if let connection = try? await FleetConnection.connect(serverURL()) {
                await connection.close()
                return
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw CommandFailed(command: "pg_ctl start (the server did not accept connections within 60 s)", status: -1)
    }

    private static func pgctl(_ arguments: [String], wait: Bool = true) throws {
        let bin = environment["QUALSTATION_TEST_POSTGRES_BIN"] ?? "/usr/lib/postgresql/15/bin"
        let data = environment["QUALSTATION_TEST_POSTGRES_DATA"] ?? ""
        let user = environment["QUALSTATION_TEST_POSTGRES_USER"] ?? "postgres"
        let command = [bin + "/pg_ctl", "-D", data] + arguments
        if getuid() == 0 {
            try run("/usr/sbin/runuser", ["-u", user, "--"] + command, wait: wait)
        } else {
            try run(command[0], Array(command.dropFirst()), wait: wait)
        }
    }

    struct CommandFailed: Error, CustomStringConvertible {
        var command: String
        var status: Int32
        var description: String { "\(command) exited with \(status)" }
    }

    private static func run(_ executable: String, _ arguments: [String], wait: Bool = true) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        guard wait else { return }
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw CommandFailed(command: ([executable] + arguments).joined(separator: " "), status: process.terminationStatus)
        }
    }
}
