import Foundation

/// Replicates one run while it is recorded: a background task that syncs the run directory every `interval`.
///
/// It only reads run.sqlite through its own connection and never holds anything the sequencer waits for, so a slow
/// or dead database only delays replication: failed passes are retried on the next tick, from the cursor.
public final class LiveReplication: Sendable {
    private let url: FleetURL
    private let directory: String
    private let task: Task<Void, Never>

    /// How long one pass may take before it is abandoned and the next starts on a new connection.
    public static let passTimeout: Duration = .seconds(30)

    /// Starts replicating `directory` (which may not hold a run.sqlite yet) to `url`.
    public init(url: FleetURL, runDirectory directory: String, interval: Duration = .milliseconds(500)) {
        self.url = url
        self.directory = directory
        let store = URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path
        task = Task.detached(priority: .background) {
            var replicator = FleetReplicator(url: url)
            while !Task.isCancelled {
                if FileManager.default.fileExists(atPath: store) {
                    // A failed pass is retried on the next tick; one stuck on a dead connection is left behind with
                    // its replicator. The last pass in finish() says how replication ended.
                    if await Self.pass(replicator, directory, timeout: Self.passTimeout) == nil {
                        replicator = FleetReplicator(url: url)
                    }
                }
                try? await Task.sleep(for: interval)
            }
            await replicator.close()
        }
    }

    /// One pass: nil error on success, the error on failure; nil overall when it did not end within `timeout`.
    private static func pass(_ replicator: FleetReplicator, _ directory: String, timeout: Duration) async -> FleetError?? {
        await withDeadline(timeout) { () async -> FleetError? in
            do throws(FleetError) {
                _ = try await replicator.sync(runDirectory: directory)
                return nil
            } catch {
                return error
            }
        }
    }

    /// Stops the background task and makes one last pass on a fresh connection, giving up after `timeout`.
    ///
    /// - Returns: nil when the fleet has the whole run, else the error that keeps it behind (`qualstation fleet sync`
    ///   sends the rest later).
    public func finish(timeout: Duration = .seconds(10)) async -> FleetError? {
        task.cancel()
        let replicator = FleetReplicator(url: url)
        let outcome = await Self.pass(replicator, directory, timeout: timeout)
        await replicator.close()
        guard let outcome else {
            return FleetError(.unreachable, "finishing replication of \(directory)", "no answer within \(timeout)")
        }
        return outcome
    }
}
