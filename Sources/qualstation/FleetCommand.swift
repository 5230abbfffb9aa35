import ArgumentParser
import Fleet
import Foundation

/// `qualstation fleet`: the fleet database shared by many stations (PostgreSQL).
struct FleetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "fleet",
        abstract: "Replicate runs into the fleet's PostgreSQL and ask it questions across stations.",
        discussion: "The database is --fleet URL, else $QUALSTATION_FLEET_URL (postgres://user@host:port/db[?sslmode=require]).",
        subcommands: [FleetMigrateCommand.self, FleetSyncCommand.self, FleetReportCommand.self, FleetFindCommand.self])
}

/// The `--fleet URL` option shared by the fleet commands.
struct FleetOption: ParsableArguments {
    @Option(name: .customLong("fleet"), help: "The fleet database URL (default: $QUALSTATION_FLEET_URL).")
    var url: String?

    /// The parsed URL, or a usage error (exit 64) naming what is missing or wrong.
    func resolved() throws -> FleetURL {
        guard let text = url ?? ProcessInfo.processInfo.environment["QUALSTATION_FLEET_URL"], !text.isEmpty else {
            throw ValidationError("give --fleet URL or set QUALSTATION_FLEET_URL")
        }
        do {
            return try FleetURL(text)
        } catch {
            throw ValidationError(error.description)
        }
    }

    /// Connects, runs `body` on the connection and closes it; reports a failure and exits (69 when the database is
    /// unreachable, see ``failFleet(_:)``).
    func using<T>(_ body: (FleetConnection) async throws(FleetError) -> T) async throws -> T {
        let url = try resolved()
        do throws(FleetError) {
            let connection = try await FleetConnection.connect(url)
            let result: Result<T, FleetError>
            do throws(FleetError) {
                result = .success(try await body(connection))
            } catch {
                result = .failure(error)
            }
            await connection.close()
            return try result.get()
        } catch {
            throw failFleet(error)
        }
    }
}

/// Reports a fleet error and exits: 69 when the database is unreachable, 74 for a run file, 65 otherwise.
func failFleet(_ error: FleetError) -> ExitCode {
    StandardError.write("qualstation: error: \(error)")
    switch error.kind {
    case .unreachable: return ExitCode(69)
    case .runStore: return ExitCode(74)
    case .badURL, .badInput: return ExitCode(64)
    case .database: return ExitCode(65)
    }
}

/// `qualstation fleet migrate`.
struct FleetMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate", abstract: "Create or upgrade the fleet schema (versioned migrations, one transaction each).")

    @OptionGroup var fleet: FleetOption

    func run() async throws {
        let outcome = try await fleet.using { (connection) throws(FleetError) in try await FleetMigrator.migrate(connection) }
        let applied = outcome.applied.isEmpty ? "none (up to date)" : outcome.applied.map(String.init).joined(separator: ", ")
        print("fleet schema version \(outcome.version); applied: \(applied)")
    }
}

/// `qualstation fleet sync RUN_DIR…`.
struct FleetSyncCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sync",
        abstract: "Push runs (made before the fleet, or offline) into the fleet database.",
        discussion: """
            Each RUN_DIR is a run directory, or a folder of run directories. Delivery is at least once and idempotent: \
            rows are upserted by natural key, and the cursor kept in each run.sqlite makes a rerun send only what is new.
            """)

    @OptionGroup var fleet: FleetOption

    @Argument(help: "Run directories, or folders holding run directories.")
    var runsDirectories: [String]

    @Option(help: ArgumentHelp("Rows per transaction.", visibility: .hidden))
    var batchSize = 20_000

    func run() async throws {
        let url = try fleet.resolved()
        let replicator = FleetReplicator(url: url, batchSize: max(1, batchSize))
        var failures = 0
        for directory in FleetSyncCommand.runDirectories(in: runsDirectories) {
            do {
                let report = try await replicator.sync(runDirectory: directory)
                print(
                    "\(report.runID): \(report.measurements) measurements, \(report.events) events"
                        + (report.certificate ? ", certificate" : "") + " sent")
            } catch {
                failures += 1
                StandardError.write("qualstation: error: \(error)")
                if error.kind == .unreachable { break }
            }
        }
        await replicator.close()
        if failures > 0 { throw ExitCode(74) }
    }

    /// The run directories named, each folder without a run.sqlite searched one level down.
    static func runDirectories(in paths: [String]) -> [String] {
        var found: [String] = []
        for path in paths {
            let manager = FileManager.default
            if manager.fileExists(atPath: URL(fileURLWithPath: path).appendingPathComponent("run.sqlite").path) {
                found.append(path)
                continue
            }
            let children = ((try? manager.contentsOfDirectory(atPath: path)) ?? []).sorted()
            let runs = children.map { URL(fileURLWithPath: path).appendingPathComponent($0).path }.filter {
                manager.fileExists(atPath: URL(fileURLWithPath: $0).appendingPathComponent("run.sqlite").path)
            }
            found += runs.isEmpty ? [path] : runs
        }
        return found
    }
}

/// `qualstation fleet report`.
struct FleetReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Yield by lot and by station, lane failures per lane and temperature, failure causes, station utilisation.")

    @OptionGroup var fleet: FleetOption

    @Option(help: "Only this lot.")
    var lot: String?

    @Option(help: "Only this part number.")
    var part: String?

    @Option(help: "Only this station id.")
    var station: String?

    @Option(help: "Only runs started at or after this time (ISO 8601, e.g. 2026-12-01 or 2026-12-01T08:00:00Z).")
    var since: String?

    @Option(help: "Only this question: \(FleetReport.Question.allCases.map(\.rawValue).joined(separator: ", ")).")
    var only: String?

    func run() async throws {
        var questions = FleetReport.Question.allCases
        if let only {
            guard let question = FleetReport.Question(rawValue: only) else {
                throw ValidationError("--only \(only): not a question; use one of \(questions.map(\.rawValue).joined(separator: ", "))")
            }
            questions = [question]
        }
        let filter = FleetFilter(lot: lot, part: part, station: station, since: try since.map(Self.date))
        try await fleet.using { (connection) throws(FleetError) in
            for question in questions {
                let table = try await FleetReport.answer(question, filter, on: connection)
                print("== \(question.rawValue)")
                print(table.rows.isEmpty ? "(no rows)" : table.rendered())
                print("")
            }
        }
    }

    /// Parses an ISO 8601 date or date-time (UTC when no zone is given).
    static func date(_ text: String) throws -> Date {
        let full = ISO8601DateFormatter()
        if let date = full.date(from: text) { return date }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        if let date = day.date(from: text) { return date }
        throw ValidationError("--since \(text): not an ISO 8601 date (2026-12-01) or time (2026-12-01T08:00:00Z)")
    }
}

/// `qualstation fleet find SERIAL`.
struct FleetFindCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "find", abstract: "Where the certificates of a serial number are, and whether each JWS covers its JSON.")

    @OptionGroup var fleet: FleetOption

    @Argument(help: "The DUT serial number.")
    var serial: String

    func run() async throws {
        let table = try await fleet.using { (connection) throws(FleetError) in try await FleetReport.find(serial: serial, on: connection) }
        guard !table.rows.isEmpty else {
            print("no certificate of \(serial) in the fleet")
            throw ExitCode(1)
        }
        for row in table.rows {
            let value = { (name: String) in table.columns.firstIndex(of: name).flatMap { row[$0] } ?? "-" }
            let integrity = FleetCertificateCheck.check(jws: row[table.columns.firstIndex(of: "jws") ?? 0], jsonSHA256: value("json_sha256"))
            print("\(value("run_id"))  station \(value("station_id"))  \(value("verdict"))  started \(value("started_at"))")
            print("  certificate: \(value("station_id")):\(value("run_directory"))/certificate.json (+ .jws)")
            print("  signature covers the stored JSON: \(integrity)")
        }
    }
}
