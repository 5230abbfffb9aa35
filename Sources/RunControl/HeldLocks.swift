import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Which lock files are held right now, read without touching the locks themselves.
///
/// A run's process holds `flock(2)` on `run.lock` for as long as it works in the directory. Taking the lock to test
/// it could make a starting run fail as busy, so the console and `resume --all-interrupted` (watching the resumes it
/// started) read the kernel's table of held locks (`/proc/locks`, Linux) instead. Where that table cannot be read, a lock counts as held while the pid written in
/// the lock file is a living process.
public struct HeldLocks: Sendable {
    /// A file's identity: device numbers and inode.
    struct FileKey: Hashable, Sendable {
        var major: UInt64
        var minor: UInt64
        var inode: UInt64
    }

    private let held: Set<FileKey>?

    /// Reads the kernel's lock table now.
    public static func snapshot(table path: String = "/proc/locks") -> HeldLocks {
        guard let text = readWhole(path) else { return HeldLocks(held: nil) }
        return HeldLocks(held: parse(text))
    }

    /// The whole file, read until end of file: /proc files report size 0, and a busy machine's lock table is
    /// longer than one read.
    static func readWhole(_ path: String) -> String? {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return nil }
        defer { close(descriptor) }
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0, errno == EINTR { continue }
            guard count >= 0 else { return nil }
            if count == 0 { break }
            bytes += buffer[0..<count]
        }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// The files with a granted FLOCK lock in `/proc/locks` text; waiters (`->`) are skipped.
    static func parse(_ text: String) -> Set<FileKey> {
        var keys = Set<FileKey>()
        for line in text.split(separator: "\n") where !line.contains("->") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard fields.count >= 6, fields[1] == "FLOCK" else { continue }
            let identity = fields[5].split(separator: ":")
            guard identity.count == 3, let major = UInt64(identity[0], radix: 16), let minor = UInt64(identity[1], radix: 16),
                let inode = UInt64(identity[2])
            else { continue }
            keys.insert(FileKey(major: major, minor: minor, inode: inode))
        }
        return keys
    }

    /// Whether a process holds the lock file at `path`; the pid written in it when one does.
    public func holder(of path: String) -> (held: Bool, pid: Int32?) {
        var info = stat()
        guard stat(path, &info) == 0 else { return (false, nil) }
        guard let held else {
            guard let pid = Self.writtenPID(path) else { return (false, nil) }
            let alive = kill(pid, 0) == 0 || errno == EPERM
            return (alive, alive ? pid : nil)
        }
        let device = UInt64(info.st_dev)
        let key = FileKey(
            major: ((device >> 8) & 0xfff) | ((device >> 32) & ~UInt64(0xfff)),
            minor: (device & 0xff) | ((device >> 12) & ~UInt64(0xff)),
            inode: UInt64(info.st_ino))
        return held.contains(key) ? (true, Self.writtenPID(path)) : (false, nil)
    }

    private static func writtenPID(_ path: String) -> Int32? {
        guard let data = FileManager.default.contents(atPath: path), data.count < 64 else { return nil }
        return Int32(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
    }
}
