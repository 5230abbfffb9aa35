import Foundation
import GRDB
import RunStore
import Synchronization

#if canImport(Glibc)
import Glibc
#endif

/// `qualstation-bench console`: the lab console (`qualstation serve`, a separate process) over a generated runs root
/// of 1,000 finished runs and 4 live simulated burn-ins.
///
/// Prints the run list's median and p99 time, requests per second on `/api/runs`, the live update latency (a
/// measurement committed to run.sqlite → the stream's event carrying it arrives) and the console's CPU use while
/// the 4 runs are live with one stream open on each.
enum ConsoleBenchmark {
    /// What to run.
    struct Settings: Sendable {
        /// The package root.
        var root: String
        /// Finished runs to generate.
        var finishedRuns: Int
        /// Live runs to start.
        var liveRuns: Int
        /// Seconds of the CPU and latency window.
        var windowSeconds: Double
        /// The `qualstation` executable.
        var executable: String
    }

    static func run(_ settings: Settings, output: BenchmarkOutput) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qs-bench-console-\(UUID().uuidString)")
        let runs = scratch.appendingPathComponent("runs")
        try FileManager.default.createDirectory(at: runs, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        var environment = ProcessInfo.processInfo.environment
        environment["QUALSTATION_KEY_DIR"] = scratch.appendingPathComponent("keys").path
        environment["QUALSTATION_LOCK_DIR"] = scratch.appendingPathComponent("locks").path

        let generation = try BenchMath.time { try generateFinishedRuns(settings.finishedRuns, into: runs.path) }
        output.note("\(settings.finishedRuns) finished runs generated through the run store in \(String(format: "%.1f", generation)) s")

        let station = try String(contentsOfFile: settings.root + "/stations/simulated.yaml", encoding: .utf8)
            .replacingOccurrences(of: "\nsimulation:\n", with: "\nsimulation:\n  pace: 30\n")
        var children: [Process] = []
        defer { for child in children where child.isRunning { child.terminate() } }
        for index in 0..<settings.liveRuns {
            // One bench per live run: each station file has its own id, so each run takes its own station lock.
            let pacedStation = scratch.appendingPathComponent("paced-\(index).yaml").path
            try station.replacingOccurrences(of: "\n  id: SIM-CPO-01\n", with: "\n  id: SIM-CPO-BENCH-\(index)\n")
                .write(toFile: pacedStation, atomically: true, encoding: .utf8)
            children.append(try start(settings.executable, [
                "run", "--station", pacedStation, "--profile", settings.root + "/profiles/burn-in-overnight.yaml",
                "--dut", "LIVE-\(index)", "--out", runs.appendingPathComponent("LIVE-\(index)").path,
            ], environment: environment))
        }
        let (console, port) = try await startConsole(settings.executable, runs: runs.path, environment: environment)
        children.append(console)
        let client = ConsoleBenchClient(port: port)
        var live = 0
        for _ in 0..<300 where live < settings.liveRuns {
            try await Task.sleep(for: .milliseconds(100))
            live = (try? client.get("/api/runs"))?.components(separatedBy: "\"state\":\"live\"").count ?? 1
            live -= 1
        }
        output.note("\(live) live runs (simulated burn-ins paced at 30 simulated s per s), console pid \(console.processIdentifier)")

        for _ in 0..<5 { _ = try client.get("/") }
        var times: [Double] = []
        for _ in 0..<200 {
            times.append(try BenchMath.time { _ = try client.get("/") })
        }
        times.sort()
        output.figure(BenchmarkFigure(name: "run list page, \(settings.finishedRuns + live) runs, median", value: BenchMath.median(times) * 1000, unit: "ms"))
        output.figure(BenchmarkFigure(name: "run list page, p99", value: times[min(times.count - 1, Int(Double(times.count) * 0.99))] * 1000, unit: "ms"))

        let counter = RequestCounter()
        let deadline = Date().addingTimeInterval(5)
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<2 {
                group.addTask {
                    while Date() < deadline {
                        if (try? client.get("/api/runs")) != nil { counter.add() }
                    }
                }
            }
        }
        output.figure(BenchmarkFigure(name: "/api/runs requests per second (2 clients)", value: Double(counter.count) / 5, unit: "req/s"))

        let (latencies, cpu) = try await liveWindow(
            settings, client: client, console: console.processIdentifier, runs: runs, live: (0..<settings.liveRuns).map { "LIVE-\($0)" })
        output.note("\(latencies.count) stream events matched to the moment their newest measurement was committed")
        output.figure(BenchmarkFigure(name: "live update latency (reading committed → stream event), median", value: BenchMath.median(latencies) * 1000, unit: "ms"))
        output.figure(BenchmarkFigure(name: "live update latency, max", value: (latencies.max() ?? .nan) * 1000, unit: "ms"))
        output.figure(BenchmarkFigure(name: "console CPU while \(settings.liveRuns) runs are live, one stream each", value: cpu, unit: "% of a core"))
    }

    /// Finished runs: the first made through the run store (one temperature point, 60 temperature readings, 416 lane
    /// decisions, an event, status completed), the others copies of it with their own id, DUT, station, lot, start
    /// time and verdict.
    static func generateFinishedRuns(_ count: Int, into root: String) throws {
        let template = URL(fileURLWithPath: root).appendingPathComponent("DONE-0000")
        try FileManager.default.createDirectory(at: template, withIntermediateDirectories: true)
        try makeTemplate(at: template.appendingPathComponent("run.sqlite").path)
        // The store is closed again (its WAL checkpointed into the file), so the file alone holds the whole run.
        let templateData = try Data(contentsOf: template.appendingPathComponent("run.sqlite"))
        for index in 1..<max(count, 1) {
            let name = String(format: "DONE-%04d", index)
            let directory = URL(fileURLWithPath: root).appendingPathComponent(name)
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            let path = directory.appendingPathComponent("run.sqlite").path
            try templateData.write(to: URL(fileURLWithPath: path))
            var configuration = Configuration()
            configuration.prepareDatabase { try $0.execute(sql: "PRAGMA synchronous = OFF") }
            let queue = try DatabaseQueue(path: path, configuration: configuration)
            try queue.write { db in
                try db.execute(
                    sql: "UPDATE run SET id = ?, dut = ?, started_at = started_at + ?, ended_at = ended_at + ?, verdict = ?, metadata = ?",
                    arguments: [
                        name, String(format: "DUT-%04d", index), Double(index) * 3600, Double(index) * 3600, index % 10 == 3 ? "FAIL" : "PASS",
                        #"{"lot":"LOT-\#(index % 25)","station.id":"BENCH-\#(index % 8)"}"#,
                    ])
            }
            try queue.close()
        }
    }

    private static func makeTemplate(at path: String) throws {
        let start = Date(timeIntervalSince1970: 1_772_352_000)
        let store = try RunStore.create(
            at: path,
            run: RunRecord(
                id: "DONE-0000", dut: "DUT-0000", operatorName: "bench", stationPath: "stations/simulated.yaml", stationSHA256: "",
                profilePath: "profiles/quick-check.yaml", profileSHA256: "", profileName: "quick-check", profileVersion: "1.0",
                softwareVersion: "qualstation-bench", startedAt: start, metadata: ["station.id": "BENCH-0", "lot": "LOT-0"]),
            steps: [StepRecord(index: 0, kind: "temperature-point", name: "25 °C", setpointCelsius: 25)])
        _ = try store.beginStep(0, at: start)
        var readings: [MeasurementRecord] = []
        for second in 0..<60 {
            let time = start.addingTimeInterval(Double(second) * 5)
            readings.append(MeasurementRecord(stepIndex: 0, attempt: 1, lane: nil, quantity: "air_temperature", value: 25, unit: "degC", time: time, instrument: "chamber"))
            readings.append(MeasurementRecord(stepIndex: 0, attempt: 1, lane: nil, quantity: "dut_temperature", value: 24.9, unit: "degC", time: time, instrument: "chamber"))
        }
        let end = start.addingTimeInterval(300)
        for lane in 0..<416 {
            readings.append(MeasurementRecord(stepIndex: 0, attempt: 1, lane: lane, quantity: "ber_compared_bits", value: 1e12, unit: "bit", time: end, instrument: "bert"))
            readings.append(MeasurementRecord(stepIndex: 0, attempt: 1, lane: lane, quantity: "ber_decision", value: lane % 97 == 5 ? 0 : 1, unit: "1", time: end, instrument: "bert"))
        }
        try store.record(readings)
        try store.record(EventRecord(time: start, kind: "info", message: "run started"))
        try store.completeStep(0, at: end)
        try store.finish(status: .completed, verdict: "PASS", reason: nil, at: end)
    }

    private static func start(_ executable: String, _ arguments: [String], environment: [String: String]) throws -> Process {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return process
    }

    private static func startConsole(_ executable: String, runs: String, environment: [String: String]) async throws -> (Process, Int) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["serve", "--runs", runs, "--port", "0"]
        process.environment = environment
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = FileHandle.nullDevice
        try process.run()
        let handle = pipe.fileHandleForReading
        var text = ""
        while !text.contains("\n") {
            let data = handle.availableData
            guard !data.isEmpty else { break }
            text += String(decoding: data, as: UTF8.self)
        }
        guard let range = text.range(of: #":(\d+)/"#, options: .regularExpression),
            let port = Int(text[range].dropFirst().dropLast())
        else { throw BenchmarkError("qualstation serve did not say where it listens: \(text)") }
        return (process, port)
    }

    /// Opens one stream per live run for `windowSeconds`; returns the latencies seen on the first run's stream and the
    /// console's CPU use (% of one core) over the window.
    private static func liveWindow(
        _ settings: Settings, client: ConsoleBenchClient, console: Int32, runs: URL, live: [String]
    ) async throws -> ([Double], Double) {
        let committed = CommitLog()
        let stop = Date().addingTimeInterval(settings.windowSeconds)
        let database = runs.appendingPathComponent(live[0]).appendingPathComponent("run.sqlite").path
        let cpuBefore = cpuSeconds(console)
        let wallBefore = Date()
        let latencies = try await withThrowingTaskGroup(of: [Double].self) { group in
            group.addTask {
                var configuration = Configuration()
                configuration.readonly = true
                let queue = try DatabaseQueue(path: database, configuration: configuration)
                while Date() < stop {
                    let newest = try queue.read { try Int64.fetchOne($0, sql: "SELECT IFNULL(MAX(id), 0) FROM measurement") ?? 0 }
                    committed.saw(newest)
                    usleep(2_000)
                }
                return []
            }
            for (index, id) in live.enumerated() {
                group.addTask {
                    var latencies: [Double] = []
                    try client.stream("/runs/\(id)/stream", until: stop) { eventID in
                        guard index == 0, let newest = Int64(eventID.split(separator: "-").first ?? ""), let seen = committed.firstSeen(newest) else { return }
                        latencies.append(Date().timeIntervalSince(seen))
                    }
                    return latencies
                }
            }
            var all: [Double] = []
            for try await part in group { all += part }
            return all
        }
        let cpu = (cpuSeconds(console) - cpuBefore) / Date().timeIntervalSince(wallBefore) * 100
        return (latencies, cpu)
    }

    /// User plus system CPU seconds of process `pid` (/proc/PID/stat).
    static func cpuSeconds(_ pid: Int32) -> Double {
        guard let text = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
            let close = text.lastIndex(of: ")")
        else { return .nan }
        let fields = text[text.index(after: close)...].split(separator: " ")
        guard fields.count > 13, let user = Double(fields[11]), let system = Double(fields[12]) else { return .nan }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }
}

/// When each newest measurement id was first seen committed in run.sqlite.
final class CommitLog: Sendable {
    private let seen = Mutex<[Int64: Date]>([:])
    private let newest = Mutex<Int64>(0)

    func saw(_ id: Int64) {
        let now = Date()
        let isNew = newest.withLock { value -> Bool in
            guard id > value else { return false }
            value = id
            return true
        }
        if isNew { seen.withLock { $0[id] = now } }
    }

    func firstSeen(_ id: Int64) -> Date? {
        seen.withLock { $0[id] }
    }
}

/// Counts requests from several tasks.
final class RequestCounter: Sendable {
    private let value = Mutex(0)
    func add() { value.withLock { $0 += 1 } }
    var count: Int { value.withLock { $0 } }
}
