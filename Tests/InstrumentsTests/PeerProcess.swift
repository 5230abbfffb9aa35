import Foundation
import Glibc

/// Why a peer process could not be used.
struct PeerProcessError: Error, CustomStringConvertible {
    let description: String
}

/// A test peer written in Python, run as a child process: its standard output (one tagged line per event) goes to
/// a file that ``log`` reads, and closing its standard input asks it to stop.
final class PeerProcess {
    /// The line the peer printed when it became ready (it starts with the ready prefix).
    let readyLine: String
    private let process: Process
    private let input: Pipe
    private let directory: URL
    private var stopped = false

    private init(readyLine: String, process: Process, input: Pipe, directory: URL) {
        self.readyLine = readyLine
        self.process = process
        self.input = input
        self.directory = directory
    }

    /// Runs `python3 script arguments…` and waits (up to `patience`) for an output line starting with `ready`.
    /// `prepare` may write files the arguments name into the peer's own temporary directory first.
    static func start(
        script: String, arguments: [String], ready: String, patience: Duration,
        prepare: (URL) throws -> [String] = { _ in [] }
    ) async throws -> PeerProcess {
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("peer-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let extra = try prepare(directory)
        let output = directory.appendingPathComponent("stdout")
        let errors = directory.appendingPathComponent("stderr")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errors.path, contents: nil)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script] + arguments + extra
        let input = Pipe()
        process.standardInput = input
        let outputHandle = try FileHandle(forWritingTo: output)
        let errorHandle = try FileHandle(forWritingTo: errors)
        process.standardOutput = outputHandle
        process.standardError = errorHandle
        try process.run()
        try outputHandle.close()
        try errorHandle.close()
        let deadline = ContinuousClock.now + patience
        while ContinuousClock.now < deadline {
            if let line = readLog(directory).first(where: { $0.hasPrefix(ready) }) {
                return PeerProcess(readyLine: line, process: process, input: input, directory: directory)
            }
            guard process.isRunning else { break }
            do {
                try await Task.sleep(for: .milliseconds(20))
            } catch {
                PeerProcess(readyLine: "", process: process, input: input, directory: directory).stop()
                throw error
            }
        }
        let stderr = (try? String(contentsOf: errors, encoding: .utf8)) ?? ""
        let status = process.isRunning ? "did not report \(ready.debugDescription) within \(patience)" : "exited before it was ready"
        PeerProcess(readyLine: "", process: process, input: input, directory: directory).stop()
        throw PeerProcessError(description: "the peer (\(script)) \(status); stderr: \(stderr.suffix(2000))")
    }

    private static func readLog(_ directory: URL) -> [String] {
        let text = (try? String(contentsOf: directory.appendingPathComponent("stdout"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").map(String.init)
    }

    /// The peer's output lines so far.
    var log: [String] { Self.readLog(directory) }

    /// Output lines tagged `tag` (the tag and its space removed).
    func lines(_ tag: String) -> [String] {
        log.filter { $0.hasPrefix(tag + " ") }.map { String($0.dropFirst(tag.count + 1)) }
    }

    /// Ends the peer (end of input, then SIGTERM, then SIGKILL) and removes its files; `beforeRemoving` runs
    /// once the process has ended, while its log can still be read.
    func stop(beforeRemoving: () -> Void = {}) {
        guard !stopped else { return }
        stopped = true
        try? input.fileHandleForWriting.close()
        waitForExit(.seconds(3))
        if process.isRunning {
            process.terminate()
            waitForExit(.seconds(10))
        }
        if process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        beforeRemoving()
        try? FileManager.default.removeItem(at: directory)
    }

    private func waitForExit(_ limit: Duration) {
        let deadline = ContinuousClock.now + limit
        while process.isRunning, ContinuousClock.now < deadline {
            usleep(10_000)
        }
    }
}
