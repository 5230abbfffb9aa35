import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// An exclusive lock held by this process on a lock file (`flock(2)`), with the holder's pid written into the file.
///
/// The kernel drops the lock when the descriptor is closed or the process dies, however it dies (`kill -9`
/// included), so no stale lock is ever left behind: a lock file that outlives its process is just a file. The lock
/// is released when the value is deinitialised.
public final class ProcessLock: Sendable {
    /// The lock file.
    public let path: String
    private let descriptor: Int32

    private init(path: String, descriptor: Int32) {
        self.path = path
        self.descriptor = descriptor
    }

    deinit {
        _ = close(descriptor)
    }

    /// Takes the lock on `path` without waiting, creating the file if needed.
    ///
    /// - Parameters:
    ///   - path: the lock file.
    ///   - what: what the lock protects, for messages ("run directory runs/X", "station bench-1").
    /// - Throws: ``RunControlError/busy(_:)`` naming the pid of the process holding it;
    ///   ``RunControlError/io(_:)`` when the lock file cannot be opened or locked.
    public static func acquire(path: String, what: String) throws(RunControlError) -> ProcessLock {
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw .io("cannot open the lock file \(path) for \(what): \(String(cString: strerror(errno)))")
        }
        guard flock(descriptor, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            defer { _ = close(descriptor) }
            if code == EWOULDBLOCK {
                let holder = holderPID(descriptor).map { "process \($0)" } ?? "another process (its pid is not written yet)"
                throw .busy(
                    "\(what) is in use by \(holder), which holds the lock \(path); wait for it to finish, or stop it "
                        + "and try again")
            }
            throw .io("cannot lock \(path) for \(what): \(String(cString: strerror(code)))")
        }
        let text = Array("\(getpid())\n".utf8)
        let written = text.withUnsafeBytes { ftruncate(descriptor, 0) == 0 ? pwrite(descriptor, $0.baseAddress, $0.count, 0) : -1 }
        guard written == text.count else {
            let reason = String(cString: strerror(errno))
            _ = close(descriptor)
            throw .io("cannot write this process's pid into the lock file \(path) for \(what): \(reason)")
        }
        return ProcessLock(path: path, descriptor: descriptor)
    }

    /// The pid written in the lock file, retrying briefly while its holder has locked it but not yet written it.
    private static func holderPID(_ descriptor: Int32) -> Int32? {
        for attempt in 0..<20 {
            var buffer = [UInt8](repeating: 0, count: 32)
            let count = buffer.withUnsafeMutableBytes { pread(descriptor, $0.baseAddress, $0.count, 0) }
            if count > 0, let pid = Int32(String(decoding: buffer[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)) {
                return pid
            }
            if attempt < 19 { usleep(5_000) }
        }
        return nil
    }
}
