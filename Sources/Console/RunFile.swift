import Foundation
import GRDB

/// A run directory's run.sqlite opened read-only: the console never writes through it, and in WAL mode its reads
/// never wait for the run process's writes.
final class RunFile: Sendable {
    /// The run directory.
    let directory: String
    private let queue: DatabaseQueue

    /// Opens `directory/run.sqlite` read-only.
    ///
    /// - Throws: ``ConsoleError`` `.gone` when the directory or file is missing, `.failed` when it is not a run.
    init(directory: String) throws(ConsoleError) {
        self.directory = directory
        let path = URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path
        guard FileManager.default.fileExists(atPath: path) else {
            throw ConsoleError(.gone, "the run directory \(directory) holds no run.sqlite any more (deleted or moved)")
        }
        var configuration = Configuration()
        configuration.readonly = true
        configuration.label = "QualStation.Console"
        configuration.busyMode = .timeout(2)
        do {
            queue = try DatabaseQueue(path: path, configuration: configuration)
        } catch {
            throw ConsoleError(.failed, "cannot open \(path) read-only: \(error)")
        }
    }

    /// Runs a read in one transaction (a consistent snapshot), turning failures into a ``ConsoleError`` naming
    /// `what` and the directory.
    func read<T>(_ what: String, _ body: (Database) throws -> T) throws(ConsoleError) -> T {
        do {
            return try queue.read(body)
        } catch let error as ConsoleError {
            throw error
        } catch {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw ConsoleError(.gone, "the run directory \(directory) was deleted while it was being read")
            }
            throw ConsoleError(.failed, "\(what) in \(directory): \(error)")
        }
    }

    /// SQLite's `PRAGMA data_version` on this connection: it changes whenever another connection commits, so
    /// polling it costs one page read at most.
    func dataVersion() throws(ConsoleError) -> Int64 {
        do {
            return try queue.inDatabase { try Int64.fetchOne($0, sql: "PRAGMA data_version") ?? 0 }
        } catch {
            guard FileManager.default.fileExists(atPath: directory) else {
                throw ConsoleError(.gone, "the run directory \(directory) was deleted while it was being read")
            }
            throw ConsoleError(.failed, "polling \(directory)/run.sqlite: \(error)")
        }
    }

    /// Closes the connection.
    func close() {
        try? queue.close()
    }
}
