import ArgumentParser
import Fleet
import Foundation
import RunControl
import StationConfiguration

/// Live replication around `qualstation run` and `qualstation resume`.
enum FleetLiveRun {
    /// The fleet to replicate to: `option` (--fleet), else $QUALSTATION_FLEET_URL, else the station file's
    /// `fleet.url`; nil when none is configured.
    ///
    /// - Throws: `ValidationError` (exit 64) when the URL is not a PostgreSQL URL.
    static func target(option: String?, stationPath: String?) throws -> FleetURL? {
        let text = option ?? ProcessInfo.processInfo.environment["QUALSTATION_FLEET_URL"]
            ?? stationPath.flatMap { try? StationFile.load(path: $0) }?.fleetURL
        guard let text, !text.isEmpty else { return nil }
        do {
            return try FleetURL(text)
        } catch {
            throw ValidationError(error.description)
        }
    }

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
