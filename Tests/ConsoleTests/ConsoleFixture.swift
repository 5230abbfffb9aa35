import Console
import Foundation
import Logging
import ServiceLifecycle
import Synchronization

/// Real run directories made by the built `qualstation` binary on the shipped simulated station, and a console
/// serving them on a free loopback port.
struct ConsoleFixture {
    /// The package root.
    static let packageRoot = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent()

    /// The built `qualstation`, next to the test bundle.
    static var executable: String {
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let binary = candidate.appendingPathComponent("qualstation")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary.path }
            candidate = candidate.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/qualstation").path
    }

    /// The scratch folder: `runs/` (the runs root), `keys/`, `locks/`, `stations/`, `profiles/`.
    let scratch: URL
    var runs: URL { scratch.appendingPathComponent("runs") }
    var stations: URL { scratch.appendingPathComponent("stations") }
    var profiles: URL { scratch.appendingPathComponent("profiles") }
    var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["QUALSTATION_KEY_DIR"] = scratch.appendingPathComponent("keys").path
        environment["QUALSTATION_LOCK_DIR"] = scratch.appendingPathComponent("locks").path
        environment["NO_COLOR"] = "1"
        return environment
    }

    /// A fresh scratch folder with the shipped quick-check profile, a two-point copy of it, and two stations: the simulated one and a copy
    /// paced at `pace` simulated seconds per wall-clock second (`paced.yaml`), so a run can be watched live.
    init(pace: Double = 8) throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qualstation-console-\(UUID().uuidString)")
        for folder in ["runs", "keys", "locks", "stations", "profiles"] {
            try FileManager.default.createDirectory(at: scratch.appendingPathComponent(folder), withIntermediateDirectories: true)
        }
        let station = try String(contentsOf: Self.packageRoot.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        try station.write(to: stations.appendingPathComponent("simulated.yaml"), atomically: true, encoding: .utf8)
        let paced = station.replacingOccurrences(of: "\nsimulation:\n", with: "\nsimulation:\n  pace: \(pace)\n")
        try paced.write(to: stations.appendingPathComponent("paced.yaml"), atomically: true, encoding: .utf8)
        let quickCheck = try String(contentsOf: Self.packageRoot.appendingPathComponent("profiles/quick-check.yaml"), encoding: .utf8)
        try quickCheck.write(to: profiles.appendingPathComponent("quick-check.yaml"), atomically: true, encoding: .utf8)
        // Two temperature points, so a live page can be seen moving from one step to the next.
        let twoPoint = quickCheck.replacingOccurrences(of: "  name: quick-check", with: "  name: two-point")
            .replacingOccurrences(of: "\n  - point: 25\n", with: "\n  - point: 25\n  - point: 30\n")
        try twoPoint.write(to: profiles.appendingPathComponent("two-point.yaml"), atomically: true, encoding: .utf8)
    }

    /// Removes the scratch folder.
    func remove() {
        try? FileManager.default.removeItem(at: scratch)
    }

    /// Starts `qualstation run` on `station` (a file name in `stations/`) into `runs/<dut>`.
    func startRun(dut: String, station: String = "simulated.yaml", profile: String = "quick-check.yaml", lot: String? = nil) throws -> Process {
        try start([
            "run", "--station", stations.appendingPathComponent(station).path, "--profile",
            profiles.appendingPathComponent(profile).path, "--dut", dut, "--out", runs.appendingPathComponent(dut).path,
        ] + (lot.map { ["--lot", $0] } ?? []), log: dut)
    }

    /// Starts the built `qualstation` with `arguments`; what it prints goes to `<log>.log` (see ``log(_:)``).
    func start(_ arguments: [String], log name: String) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: Self.executable)
        process.arguments = arguments
        process.environment = environment
        let log = scratch.appendingPathComponent("\(name).log")
        FileManager.default.createFile(atPath: log.path, contents: nil)
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        return process
    }

    /// What `qualstation run` printed for `dut` so far (for failure messages).
    func log(_ dut: String) -> String {
        (try? String(contentsOf: scratch.appendingPathComponent("\(dut).log"), encoding: .utf8)) ?? "(no output)"
    }

    /// Runs `qualstation run` to its end; returns its exit status.
    func run(dut: String, station: String = "simulated.yaml", lot: String? = nil) async throws -> Int32 {
        let process = try startRun(dut: dut, station: station, lot: lot)
        return try await HTTPProbe.blocking {
            process.waitUntilExit()
            return process.terminationStatus
        }
    }

    /// Serves the runs root on a free port while `body` runs.
    func withConsole<T: Sendable>(
        token: String? = nil, _ body: @Sendable (HTTPProbe, ConsoleServer) async throws -> T
    ) async throws -> T {
        var logger = Logger(label: "qualstation.console.test")
        logger.logLevel = .warning
        let server = try ConsoleServer(
            configuration: ConsoleConfiguration(
                runsRoots: [runs.path], port: 0, token: token, stationsDirectory: stations.path, profilesDirectory: profiles.path,
                executable: Self.executable, lockDirectory: scratch.appendingPathComponent("locks").path),
            logger: logger)
        let (ports, continuation) = AsyncStream<Int>.makeStream()
        let group = ServiceGroup(
            configuration: ServiceGroupConfiguration(services: [server.application { port in continuation.yield(port) }], logger: logger))
        let serving = Task { try await group.run() }
        defer { serving.cancel() }
        var iterator = ports.makeAsyncIterator()
        guard let port = await iterator.next() else { throw HTTPProbe.Failure(description: "the console did not start") }
        do {
            let result = try await body(HTTPProbe(port: port), server)
            await group.triggerGracefulShutdown()
            _ = await serving.result
            return result
        } catch {
            await group.triggerGracefulShutdown()
            throw error
        }
    }

    /// Runs a program to its end on a thread of its own; returns its exit status and what it printed (both streams).
    static func output(
        of program: String, _ arguments: [String], environment: [String: String]? = nil
    ) async throws -> (status: Int32, output: String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = arguments
        process.currentDirectoryURL = packageRoot
        if let environment { process.environment = environment }
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        return try await HTTPProbe.blocking {
            let data = pipe.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return (process.terminationStatus, String(decoding: data, as: UTF8.self))
        }
    }

    /// Waits (up to `seconds`) until `condition` holds, polling every 100 ms.
    static func eventually(_ seconds: Double = 60, _ condition: () async throws -> Bool) async throws -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if try await condition() { return true }
            try await Task.sleep(for: .milliseconds(100))
        }
        return false
    }
}
