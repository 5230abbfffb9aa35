import Foundation
import Synchronization

/// Runs the built `qualstation` binary the way a technician or CI would, capturing its output and exit status.
struct QualStationProcess {
    /// The result of one invocation.
    struct Result {
        var status: Int32
        var output: String
        var errorOutput: String
        /// The process outlived the deadline it was given and was killed.
        var hung = false
    }

    /// The package root (the tests run the station and profile files from the repository).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The built binary, next to the test bundle in the build directory.
    static var executable: URL {
        let buildDirectory = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath()
            .deletingLastPathComponent()
        var candidate = buildDirectory
        for _ in 0..<4 {
            let binary = candidate.appendingPathComponent("qualstation")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            candidate = candidate.deletingLastPathComponent()
        }
        return packageRoot.appendingPathComponent(".build/debug/qualstation")
    }

    /// A fresh scratch directory holding the station key and runs of one test.
    static func scratchDirectory() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("qualstation-e2e-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    /// Runs the README's quick check (simulated station) for `dut` into `scratch/run`, with the key in `scratch/keys`.
    static func quickCheck(
        dut: String, scratch: URL, extraEnvironment: [String: String] = [:]
    ) async throws -> (result: Result, keys: URL, directory: URL) {
        let keys = scratch.appendingPathComponent("keys")
        let directory = scratch.appendingPathComponent("run")
        let result = try await run(
            [
                "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", dut,
                "--out", directory.path,
            ], keyDirectory: keys, extraEnvironment: extraEnvironment)
        return (result, keys, directory)
    }

    /// Starts `qualstation` with `arguments`; the station key lives in `keyDirectory`; `extraEnvironment` is added
    /// to the environment; a non-empty `launcher` (for example `faketime -f +3y`) runs the binary.
    static func start(
        _ arguments: [String], keyDirectory: URL, extraEnvironment: [String: String] = [:], launcher: [String] = []
    ) throws -> (Process, Pipe, Pipe) {
        let process = Process()
        if let program = launcher.first {
            process.executableURL = URL(fileURLWithPath: program)
            process.arguments = launcher.dropFirst() + [executable.path] + arguments
        } else {
            process.executableURL = executable
            process.arguments = arguments
        }
        process.currentDirectoryURL = packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["QUALSTATION_KEY_DIR"] = keyDirectory.path
        // Station locks of one test live beside its key, so tests running at once do not share a station lock.
        environment["QUALSTATION_LOCK_DIR"] = keyDirectory.deletingLastPathComponent().appendingPathComponent("locks").path
        environment["NO_COLOR"] = "1"
        environment.merge(extraEnvironment) { _, extra in extra }
        process.environment = environment
        let output = Pipe()
        let errors = Pipe()
        process.standardOutput = output
        process.standardError = errors
        try process.run()
        return (process, output, errors)
    }

    /// Starts `qualstation simulate` on the shipped simulated station for `seconds` (a minute by default) and returns
    /// the process and what it printed up to "Serving" (one `  <role> <driver> <resource>` line per instrument).
    /// Terminate the process.
    static func startSimulator(
        keyDirectory: URL, seconds: Int = 60, station: String = "stations/simulated.yaml"
    ) async throws -> (process: Process, listing: String) {
        let (process, output, _) = try start(
            ["simulate", "--station", station, "--seconds", "\(seconds)"], keyDirectory: keyDirectory)
        let handle = output.fileHandleForReading
        let text = try await blocking {
            var text = ""
            while !text.contains("Serving") {
                let data = handle.availableData
                if data.isEmpty { break }
                text += String(decoding: data, as: UTF8.self)
            }
            return text
        }
        return (process, text)
    }

    /// Runs `qualstation` to completion, waiting on a thread of its own so the test runner's few shared threads stay
    /// free for the other tests.
    /// With a `deadline`, a process still running after it is killed (SIGKILL) and the result says it hung.
    static func run(
        _ arguments: [String], keyDirectory: URL, extraEnvironment: [String: String] = [:], launcher: [String] = [],
        deadline: Duration? = nil
    ) async throws -> Result {
        try await blocking {
            try runBlocking(
                arguments, keyDirectory: keyDirectory, extraEnvironment: extraEnvironment, launcher: launcher,
                deadline: deadline)
        }
    }

    /// Runs blocking work (waiting for a process, reading a pipe) on its own thread.
    static func blocking<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            Thread {
                do {
                    continuation.resume(returning: try body())
                } catch {
                    continuation.resume(throwing: error)
                }
            }.start()
        }
    }

    private static func runBlocking(
        _ arguments: [String], keyDirectory: URL, extraEnvironment: [String: String], launcher: [String],
        deadline: Duration? = nil
    ) throws -> Result {
        let (process, output, errors) = try start(
            arguments, keyDirectory: keyDirectory, extraEnvironment: extraEnvironment, launcher: launcher)
        let collected = Mutex((Data(), Data()))
        let group = DispatchGroup()
        for (index, pipe) in [output, errors].enumerated() {
            group.enter()
            DispatchQueue.global().async {
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                collected.withLock { if index == 0 { $0.0 = data } else { $0.1 = data } }
                group.leave()
            }
        }
        let hung = Mutex(false)
        if let deadline {
            let pid = process.processIdentifier
            DispatchQueue.global().asyncAfter(deadline: .now() + Double(deadline.components.seconds)) {
                guard process.isRunning else { return }
                hung.withLock { $0 = true }
                kill(pid, SIGKILL)
            }
        }
        process.waitUntilExit()
        group.wait()
        let (out, err) = collected.withLock { $0 }
        return Result(
            status: process.terminationStatus, output: String(decoding: out, as: UTF8.self),
            errorOutput: String(decoding: err, as: UTF8.self), hung: hung.withLock { $0 })
    }
}
