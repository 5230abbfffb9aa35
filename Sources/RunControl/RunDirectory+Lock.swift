import Foundation

extension RunDirectory {
    /// The lock file of the run directory: held by the process working in it, with that process's pid inside.
    public var lockPath: String { file("run.lock") }

    /// Takes the run directory's lock without waiting.
    ///
    /// - Throws: ``RunControlError/busy(_:)`` naming the pid of the process working in the directory.
    public func lock() throws(RunControlError) -> ProcessLock {
        try ProcessLock.acquire(path: lockPath, what: "run directory \(path)")
    }

    /// Creates the directory for a new run (see ``createForNewRun()``) and takes its lock; an existing directory
    /// is locked before it is inspected, so a directory another process is running in is reported as busy.
    public func lockCreatingForNewRun() throws(RunControlError) -> ProcessLock {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
            let lock = try lock()
            try createForNewRun()
            return lock
        }
        try createForNewRun()
        return try lock()
    }
}
