import Fleet
import Foundation
import RunControl

/// Live replication around `qualstation run` and `qualstation resume`.
enum FleetLiveRun {
    /// Runs `body` while a background task replicates `directory` to `fleet` (when both are given), then makes the
    /// last pass and says on standard error how replication ended. The run never waits for the database.
    static func around(
        _ fleet: FleetURL?, directory: String?, _ body: () async throws(RunControlError) -> RunOutcome
    ) async throws(RunControlError) -> RunOutcome {
        guard let fleet, let directory else { return try await body() }
        let live = LiveReplication(url: fleet, runDirectory: directory)
        let result: Result<RunOutcome, RunControlError>
        do throws(RunControlError) {
            result = .success(try await body())
        } catch {
            result = .failure(error)
        }
        if let problem = await live.finish() {
            StandardError.write("qualstation: fleet: \(problem); `qualstation fleet sync \(directory)` sends the rest later")
        } else {
            StandardError.write("qualstation: fleet: run replicated to \(fleet)")
        }
        return try result.get()
    }
}
