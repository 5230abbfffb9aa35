import Foundation

/// Replicates one run while it is recorded: a background task that syncs the run directory every `interval`.
///
/// It only reads run.sqlite through its own connection and never holds anything the sequencer waits for, so a slow
/// or dead database only delays replication: failed passes are retried on the next tick, from the cursor.
public final class LiveReplication: Sendable {
    private let url: FleetURL
    private let directory: String
    private let status: ReplicationStatus
    private let task: Task<Void, Never>

    /// How long one pass may take before it is abandoned and the next starts on a new connection.
    public static let passTimeout: Duration = .seconds(30)

    /// Starts replicating `directory` (which may not hold a run.sqlite yet) to `url`.
    public init(url: FleetURL, runDirectory directory: String, interval: Duration = .milliseconds(500)) {
        let status = ReplicationStatus()
        self.url = url
        self.directory = directory
        self.status = status
        let store = URL(fileURLWithPath: directory).appendingPathComponent("run.sqlite").path
        task = Task.detached(priority: .background) {
            var replicator = FleetReplicator(url: url)
            while !Task.isCancelled {
                if FileManager.default.fileExists(atPath: store) {
                    let outcome = await Self.pass(replicator, directory, timeout: Self.passTimeout)
                    if let outcome {
                        await status.record(outcome)
                    } else {
                        // A pass stuck on a dead connection is left behind with its replicator.
                        await status.record(FleetError(.unreachable, "replicating \(directory)", "a pass took longer than \(Self.passTimeout)"))
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

    /// The outcome of the latest background pass: nil after a success, the error after a failure.
    public func lastError() async -> FleetError? { await status.lastError }
}

/// The latest background pass's outcome.
actor ReplicationStatus {
    private(set) var lastError: FleetError?

    func record(_ error: FleetError?) { lastError = error }
}
