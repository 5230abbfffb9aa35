import Foundation
import GRDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The run database: one SQLite file (`run.sqlite`) per run holding the run, its planned steps, every
/// measurement and every event. It is the source of truth for verdicts, certificates and resume.
///
/// The file is in WAL mode with `synchronous=FULL`, so every write method has committed its data to disk when it
/// returns: a run killed with `kill -9` keeps every batch that `record(_:)` accepted. Methods are synchronous and
/// safe to call from any task; they are serialised on one connection. Nothing is cached in memory, so memory does
/// not grow with the number of measurements stored.
public final class RunStore: Sendable {
    /// The `PRAGMA application_id` that marks a QualStation run database ("QSRN").
    public static let applicationID: Int32 = RunStoreSchema.applicationID
    /// The conventional file name of a run database inside a run directory.
    public static let defaultFileName = "run.sqlite"

    /// The path of the run database file.
    public let path: String
    /// Why a new run database is not created where a file already is.
    private static let existsProblem = "the file already exists; a new run never overwrites an earlier one"
    let queue: DatabaseQueue

    private init(path: String, queue: DatabaseQueue) {
        self.path = path
        self.queue = queue
    }

    /// Creates run.sqlite at `path` (refuse if it exists): schema via DatabaseMigrator, the run, its planned steps
    /// and `documents` (name → text, see ``DocumentName``) in one transaction, then WAL mode.
    ///
    /// The file appears whole or not at all: it is built as `<path>.creating` and linked into place only once it
    /// holds the run, so a process killed while creating it leaves no run.sqlite (the run never existed, and
    /// `qualstation run` may start it again in the same directory) rather than one that neither `run` nor `resume`
    /// accepts. `steps[i].index` must be `i`. If anything fails, the partly written file is removed again.
    public static func create(
        at path: String, run: RunRecord, steps: [StepRecord], documents: [(name: String, text: String)] = []
    ) throws -> RunStore {
        for (position, step) in steps.enumerated() where step.index != position {
            throw RunStoreError(
                path: path, kind: .invalidRequest,
                problem: "planned step \"\(step.name)\" has index \(step.index) but is at position \(position); "
                    + "steps must be numbered 0, 1, 2, ... in plan order")
        }
        for step in steps where step.attempt < 0 {
            throw RunStoreError(
                path: path, kind: .invalidRequest,
                problem: "planned step \(step.index) has attempt \(step.attempt); attempts start at 0")
        }
        let walPath = path + "-wal"
        if FileManager.default.fileExists(atPath: walPath) {
            throw RunStoreError(
                path: path, kind: .alreadyExists,
                problem: "a write-ahead log \(walPath) from an earlier run database is in the way; "
                    + "choose another run directory")
        }
        if FileManager.default.fileExists(atPath: path) {
            throw RunStoreError(path: path, kind: .alreadyExists, problem: existsProblem)
        }
        let staging = path + ".creating"
        // Left by a creation that was killed: that run never existed. (The caller holds the run directory's lock.)
        for leftover in [staging, staging + "-journal"] { try? FileManager.default.removeItem(atPath: leftover) }
        do {
            try createEmptyFile(at: staging)
            let queue = try makeQueue(path: staging)
            do {
                try RunStoreSchema.migrator.migrate(queue)
                try queue.inTransaction(.immediate) { db in
                    try db.execute(sql: "PRAGMA application_id = \(RunStoreSchema.applicationID)")
                    try RunRow.insert(run, into: db)
                    for step in steps {
                        try StepRow.insert(step, into: db)
                    }
                    for document in documents {
                        try insertDocument(document.name, text: document.text, into: db)
                    }
                    return .commit
                }
                try queue.close()
            } catch {
                try? queue.close()
                throw error
            }
            try publish(staging, as: path)
        } catch {
            for leftover in [staging, staging + "-journal"] { try? FileManager.default.removeItem(atPath: leftover) }
            throw RunStoreError.wrapping(error, path: path, while: "creating the run database")
        }
        do {
            let queue = try makeQueue(path: path)
            do {
                try enableWAL(queue)
            } catch {
                try? queue.close()
                throw error
            }
            return RunStore(path: path, queue: queue)
        } catch {
            throw RunStoreError.wrapping(error, path: path, while: "opening the new run database")
        }
    }

    /// Links the finished `staging` file in at `path` (never over an existing file), makes the new name durable
    /// and drops the staging name.
    private static func publish(_ staging: String, as path: String) throws {
        guard link(staging, path) == 0 else {
            let code = errno
            throw RunStoreError(
                path: path, kind: code == EEXIST ? .alreadyExists : .database,
                problem: code == EEXIST
                    ? existsProblem
                    : "cannot put the new run database in place: \(String(cString: strerror(code)))")
        }
        _ = unlink(staging)
        let folder = (path as NSString).deletingLastPathComponent
        let directory = openDirectory(folder.isEmpty ? "." : folder)
        if directory >= 0 {
            _ = fsync(directory)
            closeDescriptor(directory)
        }
    }

    /// Opens an existing run database (read-write), migrating if needed; clear error if the file is missing or not
    /// a QualStation run.
    ///
    /// A file that is not a QualStation run is left exactly as it was.
    public static func open(at path: String) throws -> RunStore {
        try checkFileLooksLikeSQLite(at: path)
        do {
            let queue = try makeQueue(path: path)
            do {
                let (applicationID, superseded, unfinished) = try queue.read { db in
                    let applicationID = try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0
                    let superseded = try RunStoreSchema.migrator.hasBeenSuperseded(db)
                    // Our schema without the marker: a creation by an older QualStation, killed before the run was in.
                    let unfinished = try applicationID == 0 && db.tableExists("grdb_migrations")
                        && (try !db.tableExists("run") || (Int.fetchOne(db, sql: "SELECT COUNT(*) FROM run") ?? 0) == 0)
                    return (applicationID, superseded, unfinished)
                }
                guard !unfinished else {
                    throw RunStoreError(
                        path: path, kind: .notARun,
                        problem: "its creation was interrupted before the run was recorded, so nothing was measured; "
                            + "remove the file and start the run again")
                }
                guard applicationID == RunStoreSchema.applicationID else {
                    throw RunStoreError(
                        path: path, kind: .notARun,
                        problem: "this is an SQLite database but not a QualStation run database (its application_id "
                            + "is \(hex32(applicationID)), a run database has \(hex32(RunStoreSchema.applicationID)))")
                }
                guard !superseded else {
                    throw RunStoreError(
                        path: path, kind: .newerSchema,
                        problem: "this run database was written by a newer QualStation; use that version to open it")
                }
                try enableWAL(queue)
                try RunStoreSchema.migrator.migrate(queue)
                let runCount = try queue.read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM run") ?? 0 }
                guard runCount == 1 else {
                    throw RunStoreError(
                        path: path, kind: .notARun,
                        problem: "the database holds no run record; its creation was interrupted")
                }
            } catch {
                try? queue.close()
                throw error
            }
            return RunStore(path: path, queue: queue)
        } catch {
            throw RunStoreError.wrapping(error, path: path, while: "opening the run database")
        }
    }

    // MARK: - Opening helpers

    private static func makeQueue(path: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.label = "QualStation.RunStore"
        configuration.busyMode = .timeout(10)
        configuration.prepareDatabase { db in
            // Per connection: in WAL mode, FULL syncs the log on every commit, so a commit survives power loss.
            try db.execute(sql: "PRAGMA synchronous = FULL")
        }
        return try DatabaseQueue(path: path, configuration: configuration)
    }

    private static func enableWAL(_ queue: DatabaseQueue) throws {
        let mode = try queue.writeWithoutTransaction { db in
            try String.fetchOne(db, sql: "PRAGMA journal_mode = WAL")
        }
        guard mode?.lowercased() == "wal" else {
            throw RunStoreError(
                path: queue.path, kind: .database,
                problem: "SQLite would not switch the file to WAL mode (journal_mode stays \(mode ?? "unknown")); "
                    + "the file system may not support it")
        }
    }

    private static func createEmptyFile(at path: String) throws {
        let descriptor = openExclusively(path)
        guard descriptor >= 0 else {
            let code = errno
            let folder = (path as NSString).deletingLastPathComponent
            switch code {
            case EEXIST:
                throw RunStoreError(
                    path: path, kind: .alreadyExists,
                    problem: existsProblem)
            case ENOENT:
                throw RunStoreError(
                    path: path, kind: .database,
                    problem: "the folder \(folder.isEmpty ? "." : folder) does not exist")
            default:
                throw RunStoreError(
                    path: path, kind: .database,
                    problem: "cannot create the file: \(String(cString: strerror(code)))")
            }
        }
        closeDescriptor(descriptor)
    }

    private static func checkFileLooksLikeSQLite(at path: String) throws {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            throw RunStoreError(
                path: path, kind: .missing,
                problem: "no such file; give the path of the run.sqlite file of an existing run")
        }
        guard !isDirectory.boolValue else {
            throw RunStoreError(path: path, kind: .notADatabase, problem: "this is a folder; a run database is the run.sqlite file inside a run folder")
        }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            throw RunStoreError(path: path, kind: .database, problem: "the file cannot be read (check permissions)")
        }
        defer { try? handle.close() }
        let head = Array((try? handle.read(upToCount: 16)) ?? Data())
        let magic = Array("SQLite format 3\0".utf8)
        if head.isEmpty {
            throw RunStoreError(
                path: path, kind: .notARun,
                problem: "the file is empty, so it holds no run; its creation was interrupted")
        }
        guard head == magic else {
            let rendered = head.map { String(format: "%02X", $0) }.joined(separator: " ")
            throw RunStoreError(
                path: path, kind: .notADatabase,
                problem: "this is not an SQLite database: it starts with bytes \(rendered), "
                    + "a run database starts with \"SQLite format 3\" and a zero byte")
        }
    }

    private static func hex32(_ value: Int32) -> String {
        "0x" + String(UInt32(bitPattern: value), radix: 16, uppercase: true)
    }

    // MARK: - Access helpers

    /// Runs `body` in an immediate write transaction, turning every failure into a `RunStoreError` naming `what`.
    func write<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.write(body)
        } catch {
            throw RunStoreError.wrapping(error, path: path, while: what())
        }
    }

    /// Runs `body` with read access, turning every failure into a `RunStoreError` naming `what`.
    func read<T>(_ what: @autoclosure () -> String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try queue.read(body)
        } catch {
            throw RunStoreError.wrapping(error, path: path, while: what())
        }
    }

    /// An `invalidRequest` error about this run database.
    func invalid(_ problem: String) -> RunStoreError {
        RunStoreError(path: path, kind: .invalidRequest, problem: problem)
    }
}

/// `open(2)` with `O_CREAT | O_EXCL`: creates the file, or fails with `EEXIST` if anything is already there.
private func openExclusively(_ path: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
    #else
    Darwin.open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0o644)
    #endif
}

/// `open(2)` of a folder for reading, to `fsync(2)` a change of its entries.
private func openDirectory(_ path: String) -> Int32 {
    #if canImport(Glibc)
    Glibc.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    #else
    Darwin.open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
    #endif
}

/// `close(2)`.
private func closeDescriptor(_ descriptor: Int32) {
    #if canImport(Glibc)
    _ = Glibc.close(descriptor)
    #else
    _ = Darwin.close(descriptor)
    #endif
}
