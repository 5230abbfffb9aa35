import Foundation
import RunControl
import RunStore

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The console's actions: start a run, abort a live one, resume an INCOMPLETE one. Each is recorded in the run's
/// events with who asked: abort and resume append one `console` event to run.sqlite (through the run store, as
/// `resume` itself does, stamped with the run's latest station time so its clock never runs backwards) before they
/// signal or start the process; a start appends it as soon as the new run's store exists.
struct ConsoleActions: Sendable {
    let configuration: ConsoleConfiguration
    let catalog: RunCatalog

    /// Where the output of started processes goes: `<first root>/.console-logs/<run id>.log` (hidden from the list).
    func logPath(for id: String) throws(ConsoleError) -> String {
        guard let root = configuration.runsRoots.first else { throw ConsoleError(.failed, "the console has no runs root") }
        let folder = URL(fileURLWithPath: root).appendingPathComponent(".console-logs").path
        do {
            try FileManager.default.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw ConsoleError(.failed, "cannot create \(folder): \(error.localizedDescription)")
        }
        return URL(fileURLWithPath: folder).appendingPathComponent("\(id).log").path
    }

    /// Starts `qualstation run` detached; returns the new run's id (its directory name under the first root) once
    /// its run.sqlite holds the run (or after 15 s), so the run's page can be shown at once.
    func start(
        stationPath: String, profilePath: String, dut: String, operatorName: String, lot: String?, requestedBy: String
    ) async throws(ConsoleError) -> String {
        let allowed = CharacterSet.alphanumerics.union(CharacterSet(charactersIn: "-_."))
        guard !dut.isEmpty, dut.count <= 100, dut.unicodeScalars.allSatisfy(allowed.contains), !dut.hasPrefix(".") else {
            throw ConsoleError(.badRequest, "DUT serial \"\(dut.prefix(80))\": use letters, digits, '-', '_' and '.' only (it names the run directory)")
        }
        guard let root = configuration.runsRoots.first else { throw ConsoleError(.failed, "the console has no runs root") }
        var id = RunDirectory.runID(dut: dut, startedAt: Date())
        var suffix = 1
        while FileManager.default.fileExists(atPath: URL(fileURLWithPath: root).appendingPathComponent(id).path) {
            suffix += 1
            id = RunDirectory.runID(dut: dut, startedAt: Date()) + "-\(suffix)"
        }
        let directory = URL(fileURLWithPath: root).appendingPathComponent(id).path
        var arguments = ["run", "--station", stationPath, "--profile", profilePath, "--dut", dut, "--out", directory, "--operator", operatorName]
        if let lot { arguments += ["--lot", lot] }
        if let lockDirectory = configuration.lockDirectory { arguments += ["--lock-dir", lockDirectory] }
        let pid = try Self.spawn(configuration.executable, arguments, logPath: try logPath(for: id))
        let message = "run started from the console by \(requestedBy) (process \(pid))"
        Thread.detachNewThread {
            // The run creates its store within moments; record who asked as soon as it is there.
            for _ in 0..<300 {
                if (try? Self.appendEvent(directory: directory, message: message)) != nil { return }
                usleep(100_000)
            }
        }
        for _ in 0..<150 {
            if (try? await catalog.summary(id: id)) != nil { break }
            try? await Task.sleep(for: .milliseconds(100))
        }
        return id
    }

    /// Sends SIGTERM to the process holding the run lock, after recording who asked.
    func abort(id: String, requestedBy: String) async throws(ConsoleError) -> Int32 {
        let summary = try await catalog.summary(id: id)
        guard summary.state == "live", let pid = summary.progress?.pid else {
            throw ConsoleError(.conflict, "run \(id) is \(summary.state), not live: there is no process to stop")
        }
        let directory = try await catalog.directory(of: id)
        try Self.appendEvent(directory: directory, message: "abort requested from the console by \(requestedBy): SIGTERM to process \(pid)")
        guard kill(pid, SIGTERM) == 0 else {
            throw ConsoleError(.failed, "cannot signal process \(pid) of run \(id): \(String(cString: strerror(errno)))")
        }
        return pid
    }

    /// Starts `qualstation resume` detached for an INCOMPLETE or interrupted run, after recording who asked.
    func resume(id: String, requestedBy: String) async throws(ConsoleError) -> Int32 {
        let summary = try await catalog.summary(id: id)
        guard summary.state == "INCOMPLETE" || summary.state == "interrupted" else {
            throw ConsoleError(.conflict, "run \(id) is \(summary.state); only an INCOMPLETE or interrupted run can be resumed")
        }
        let directory = try await catalog.directory(of: id)
        try Self.appendEvent(directory: directory, message: "resume requested from the console by \(requestedBy)")
        var arguments = ["resume", directory]
        if let lockDirectory = configuration.lockDirectory { arguments += ["--lock-dir", lockDirectory] }
        return try Self.spawn(configuration.executable, arguments, logPath: try logPath(for: id))
    }

    /// Starts `qualstation` detached (``DetachedProcess``), reaped when it ends; returns its pid.
    private static func spawn(_ executable: String, _ arguments: [String], logPath: String) throws(ConsoleError) -> pid_t {
        do {
            let process = try DetachedProcess.spawn(executable, arguments, logPath: logPath)
            process.reapWhenItEnds()
            return process.pid
        } catch {
            throw ConsoleError(.failed, "\(error)")
        }
    }

    /// Appends a `console` event to the run's store at its latest station time.
    static func appendEvent(directory: String, message: String) throws(ConsoleError) {
        do {
            let store = try RunStore.open(at: RunDirectory(path: directory).storePath)
            try store.record(EventRecord(time: try store.latestRecordedTime(), stepIndex: nil, kind: "console", message: message))
        } catch {
            throw ConsoleError(.failed, "cannot record the action in \(directory)/run.sqlite: \(error)")
        }
    }
}
