import Foundation

/// Where station locks live and what they are called: one lock file per station id, so two runs on one bench can
/// never both drive its instruments.
///
/// The directory is the one given (`--lock-dir`), else `$QUALSTATION_LOCK_DIR`, else `$XDG_RUNTIME_DIR`, else
/// `/run/lock`.
public struct StationLocks: Sendable, Equatable {
    /// The lock directory.
    public var directory: String

    /// The lock directory for an explicit choice (`nil`: from the environment).
    public init(directory explicit: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment) {
        if let explicit, !explicit.isEmpty {
            directory = explicit
        } else if let configured = environment["QUALSTATION_LOCK_DIR"], !configured.isEmpty {
            directory = configured
        } else if let runtime = environment["XDG_RUNTIME_DIR"], !runtime.isEmpty {
            directory = runtime
        } else {
            directory = "/run/lock"
        }
    }

    /// The lock file of station `id`: `qualstation-station-<id>.lock`, with characters other than letters, digits,
    /// `-`, `_` and `.` replaced by `_`.
    public func path(station id: String) -> String {
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        let safe = String(id.map { allowed.contains($0) ? $0 : "_" })
        return URL(fileURLWithPath: directory, isDirectory: true)
            .appendingPathComponent("qualstation-station-\(safe).lock").path
    }

    /// Takes the lock of station `id`, creating the lock directory if it is missing.
    ///
    /// - Throws: ``RunControlError/busy(_:)`` when another process runs on the station; ``RunControlError/io(_:)``
    ///   when the lock directory or file cannot be made.
    public func lock(station id: String) throws(RunControlError) -> ProcessLock {
        do {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the lock directory \(directory) (choose another with --lock-dir): \(error.localizedDescription)")
        }
        return try ProcessLock.acquire(path: path(station: id), what: "station \(id)")
    }
}
