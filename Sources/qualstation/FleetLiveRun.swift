import Fleet
import Foundation
import RunControl

/// Live replication around `qualstation run` and `qualstation resume`.
enum FleetLiveRun {
    /// Runs `body` while background tasks replicate each of `directories` to `fleet` (when a fleet is given), then
    /// makes the last pass of each and says on standard error how replication ended. The run never waits for the
    /// database.
    static func around<T>(
        _ fleet: FleetURL?, directories: [String], _ body: () async throws(RunControlError) -> T
    ) async throws(RunControlError) -> T {
        guard let fleet, !directories.isEmpty else { return try await body() }
        let replications = directories.map { LiveReplication(url: fleet, runDirectory: $0) }
        let result: Result<T, RunControlError>
        do throws(RunControlError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        for (directory, live) in zip(directories, replications) {
            if let problem = await live.finish() {
                StandardError.write("qualstation: fleet: \(problem); `qualstation fleet sync \(directory)` sends the rest later")
            } else {
                StandardError.write("qualstation: fleet: run \(directory) replicated to \(fleet)")
            }
        }
        return try result.get()
    }

    /// As ``around(_:directories:_:)`` for the one run directory of a single-DUT run, when it is known.
    static func around(
        _ fleet: FleetURL?, directory: String?, _ body: () async throws(RunControlError) -> RunOutcome
    ) async throws(RunControlError) -> RunOutcome {
        try await around(fleet, directories: directory.map { [$0] } ?? [], body)
    }
}
