import Fleet
import Foundation
import GRDB
import Qualification
import RunControl

/// `qualstation-bench fleet`: replication into PostgreSQL against the COPY ceiling, and the lag of live replication.
///
/// Makes N simulated quick-check runs, pushes their measurements into a fresh database with ``FleetReplicator`` (rows
/// per second of measurements), loads the same rows with `psql \copy` into a table of the same shape (the ceiling),
/// prints their ratio; then runs one more qualification with ``LiveReplication`` and samples, every 50 ms, the newest
/// measurement in run.sqlite and in PostgreSQL: the lag is how long PostgreSQL took to reach each sampled row.
enum FleetBenchmark {
    /// What to run.
    struct Settings: Sendable {
        /// The package root.
        var root: String
        /// The fleet server (a superuser URL; a fresh database is created on it).
        var url: FleetURL
        /// Simulated runs to ingest.
        var runs: Int
        /// The psql executable.
        var psql: String
    }

    static func run(_ settings: Settings, output: BenchmarkOutput) async throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qs-bench-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let url = try await FleetMigrator.createDatabase(
            "fleet_bench_" + UUID().uuidString.prefix(8).lowercased(), on: settings.url)
        output.note("database \(url)")

        var directories: [String] = []
        for index in 0..<settings.runs {
            directories.append(try await qualify(settings.root, scratch: scratch, dut: "BENCH-F\(index)"))
        }
        let replicator = FleetReplicator(url: url)
        let start = ContinuousClock.now
        var rows = 0
        for directory in directories {
            rows += try await replicator.sync(runDirectory: directory).measurements
        }
        let seconds = BenchMath.seconds(ContinuousClock.now - start)
        await replicator.close()
        let rate = Double(rows) / seconds
        output.note("\(settings.runs) runs, \(rows) measurements")
        output.figure(BenchmarkFigure(name: "fleet replication (whole runs, measurements)", value: rate, unit: "rows/s"))

        let ceiling = try copyCeiling(url, psql: settings.psql, scratch: scratch)
        output.figure(BenchmarkFigure(name: "psql \\copy of the same rows (ceiling)", value: Double(rows) / ceiling, unit: "rows/s"))
        output.figure(BenchmarkFigure(name: "replication / copy ceiling", value: rate / (Double(rows) / ceiling), unit: "x"))

        let lags = try await liveLag(settings.root, url: url, scratch: scratch)
        output.note("\(lags.count) samples of live replication during one quick-check run")
        output.figure(BenchmarkFigure(name: "live replication lag, median", value: BenchMath.median(lags), unit: "s"))
        output.figure(BenchmarkFigure(name: "live replication lag, max", value: lags.max() ?? 0, unit: "s"))
    }

    private static func qualify(_ root: String, scratch: URL, dut: String) async throws -> String {
        let directory = scratch.appendingPathComponent(dut).path
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: scratch.appendingPathComponent("keys").path),
            softwareVersion: "qualstation-bench")
        _ = try await runner.start(
            RunRequest(
                stationPath: root + "/stations/simulated.yaml", profilePath: root + "/profiles/quick-check.yaml",
                dut: dut, outputDirectory: directory, operatorName: "bench"))
        return directory
    }

    /// Seconds psql takes to `\copy` every fleet measurement into an empty table of the same shape and indexes.
    private static func copyCeiling(_ url: FleetURL, psql: String, scratch: URL) throws -> Double {
        let file = scratch.appendingPathComponent("measurements.copy").path
        try runPSQL(psql, url, "\\copy fleet.measurement TO '\(file)'")
        try runPSQL(psql, url, "CREATE TABLE public.copy_ceiling (LIKE fleet.measurement INCLUDING ALL)")
        let start = ContinuousClock.now
        try runPSQL(psql, url, "\\copy public.copy_ceiling FROM '\(file)'")
        return BenchMath.seconds(ContinuousClock.now - start)
    }

    private static func runPSQL(_ psql: String, _ url: FleetURL, _ command: String) throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: psql)
        process.arguments = [
            "-h", url.socketDirectory ?? url.host, "-p", String(url.port), "-U", url.user, "-d", url.database, "-q",
            "-v", "ON_ERROR_STOP=1", "-c", command,
        ]
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else {
            throw BenchmarkError("psql \(command) exited with \(process.terminationStatus)")
        }
    }

    /// Lags (s) between a measurement appearing in run.sqlite and in PostgreSQL, sampled during a live run.
    private static func liveLag(_ root: String, url: FleetURL, scratch: URL) async throws -> [Double] {
        let directory = scratch.appendingPathComponent("BENCH-LIVE").path
        let live = LiveReplication(url: url, runDirectory: directory, interval: .milliseconds(200))
        let sampler = Task { () -> [(time: Double, local: Int64, fleet: Int64)] in
            let connection = try await FleetConnection.connect(url)
            var samples: [(time: Double, local: Int64, fleet: Int64)] = []
            let origin = ContinuousClock.now
            let store = directory + "/run.sqlite"
            while !Task.isCancelled {
                if FileManager.default.fileExists(atPath: store), let queue = try? DatabaseQueue(path: store) {
                    let local = (try? await queue.read { try Int64.fetchOne($0, sql: "SELECT max(id) FROM measurement") }) ?? nil
                    try? queue.close()
                    let table = try await connection.table(
                        "SELECT coalesce(max(local_id), 0)::text FROM fleet.measurement WHERE run_id LIKE 'BENCH-LIVE-%'",
                        "sampling")
                    let fleet = table.rows.first?.first.flatMap { $0 }.flatMap { Int64($0) } ?? 0
                    samples.append((BenchMath.seconds(ContinuousClock.now - origin), local ?? 0, fleet))
                }
                try? await Task.sleep(for: .milliseconds(50))
            }
            await connection.close()
            return samples
        }
        _ = try await qualify(root, scratch: scratch, dut: "BENCH-LIVE")
        _ = await live.finish()
        try await Task.sleep(for: .milliseconds(200))
        sampler.cancel()
        let samples = try await sampler.value
        var lags: [Double] = []
        for (index, sample) in samples.enumerated() where sample.local > 0 {
            if let caughtUp = samples[index...].first(where: { $0.fleet >= sample.local }) {
                lags.append(caughtUp.time - sample.time)
            }
        }
        return lags
    }
}
