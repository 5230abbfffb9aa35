import ArgumentParser
import Fleet
import Foundation
import RunControl
import StationConfiguration

/// The options `qualstation run` and `qualstation resume` share: where station locks live and the fleet a run is
/// replicated to while it goes on.
struct StationRunOptions: ParsableArguments {
    @Option(help: "Where station locks live (default: $QUALSTATION_LOCK_DIR, else $XDG_RUNTIME_DIR, else /run/lock).")
    var lockDir: String?

    @Option(
        name: .customLong("fleet"),
        help: "Replicate the run while it goes on to this fleet database (default: $QUALSTATION_FLEET_URL, else the station file's fleet.url).")
    var fleetURL: String?

    /// The station locks these options name.
    var stationLocks: StationLocks { StationLocks(directory: lockDir) }

    /// The options as command-line arguments, for a `qualstation resume` started on the run's behalf.
    var arguments: [String] {
        (lockDir.map { ["--lock-dir", $0] } ?? []) + (fleetURL.map { ["--fleet", $0] } ?? [])
    }

    /// The fleet to replicate to: --fleet, else $QUALSTATION_FLEET_URL, else the fleet.url of the station file at
    /// `stationPath`; nil when none is configured.
    ///
    /// - Throws: `ValidationError` (exit 64) when the URL is not a PostgreSQL URL.
    func fleet(stationPath: String?) throws -> FleetURL? {
        let text = fleetURL ?? ProcessInfo.processInfo.environment["QUALSTATION_FLEET_URL"]
            ?? stationPath.flatMap { try? StationFile.load(path: $0) }?.fleetURL
        guard let text, !text.isEmpty else { return nil }
        do {
            return try FleetURL(text)
        } catch {
            throw ValidationError(error.description)
        }
    }
}
