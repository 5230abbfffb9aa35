import Foundation

/// The layout of a run directory: `run.sqlite` (the source of truth), `events.log`, and the certificate files.
public struct RunDirectory: Sendable, Equatable {
    /// The directory.
    public var path: String

    /// Wraps an existing or future run directory.
    public init(path: String) {
        self.path = path
    }

    /// The run store.
    public var storePath: String { file("run.sqlite") }
    /// One plain line per event, with station time.
    public var eventLogPath: String { file("events.log") }

    /// A path inside the directory.
    public func file(_ name: String) -> String {
        URL(fileURLWithPath: path, isDirectory: true).appendingPathComponent(name).path
    }

    /// The default directory for a new run: `runs/<DUT>-<UTC timestamp>` under `base`.
    public static func defaultPath(dut: String, startedAt: Date, base: String = "runs") -> String {
        URL(fileURLWithPath: base, isDirectory: true).appendingPathComponent("\(dut)-\(timestamp(startedAt))").path
    }

    /// The run identifier for a DUT and start time, e.g. `DEMO-0001-20261123T101500Z`.
    public static func runID(dut: String, startedAt: Date) -> String { "\(dut)-\(timestamp(startedAt))" }

    /// A compact UTC timestamp (`yyyyMMdd'T'HHmmss'Z'`).
    public static func timestamp(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ value: Int?) -> String {
            let v = value ?? 0
            return v < 10 ? "0\(v)" : "\(v)"
        }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    /// Creates the directory for a new run. An existing directory is accepted only when it holds no run yet.
    public func createForNewRun() throws(RunControlError) {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else {
                throw .badInput("--out \(path): exists and is not a directory")
            }
            if manager.fileExists(atPath: storePath) {
                throw .badInput(
                    "--out \(path): already holds a run (run.sqlite); use `qualstation resume \(path)` to continue it, "
                        + "or choose another directory")
            }
            return
        }
        do {
            try manager.createDirectory(atPath: path, withIntermediateDirectories: true)
        } catch {
            throw .io("cannot create the run directory \(path): \(error.localizedDescription)")
        }
    }
}
