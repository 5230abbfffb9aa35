import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Replaces a file so that a crash or power loss leaves either the old file or the whole new one: the bytes go to
/// a temporary file beside it, which is flushed to disk (`fsync`), renamed over the file, and the directory is
/// flushed so the rename itself survives.
enum DurableFile {
    /// The prefix of temporary files, so leftovers of an interrupted write can be recognised.
    static let temporaryPrefix = ".qualstation-tmp-"

    /// Writes `data` to `path` durably and atomically; `beforeRename` is the crash point reached when the temporary
    /// file is complete.
    static func write(_ data: Data, to path: String, beforeRename: FinishingCrashPoint? = nil) throws(CertificateWriteError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let temporary = url.deletingLastPathComponent()
            .appendingPathComponent("\(temporaryPrefix)\(getpid())-\(url.lastPathComponent)").path
        let descriptor = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else {
            throw CertificateWriteError(path: temporary, reason: "cannot create it: \(Self.lastError())")
        }
        var failure: String?
        data.withUnsafeBytes { buffer in
            var offset = 0
            while offset < buffer.count, failure == nil {
                let written = systemWrite(descriptor, buffer.baseAddress.map { $0 + offset }, buffer.count - offset)
                if written < 0 {
                    if errno != EINTR { failure = "cannot write it: \(Self.lastError())" }
                } else {
                    offset += written
                }
            }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = "cannot flush it to disk: \(Self.lastError())" }
        if close(descriptor) != 0, failure == nil { failure = "cannot close it: \(Self.lastError())" }
        if let failure {
            _ = unlink(temporary)
            throw CertificateWriteError(path: temporary, reason: failure)
        }
        beforeRename?.reach()
        guard rename(temporary, path) == 0 else {
            let reason = Self.lastError()
            _ = unlink(temporary)
            throw CertificateWriteError(path: path, reason: "cannot move \(temporary) into place: \(reason)")
        }
        let folder = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        guard folder >= 0 else {
            throw CertificateWriteError(path: directory, reason: "cannot open the directory to flush it: \(Self.lastError())")
        }
        defer { _ = close(folder) }
        guard fsync(folder) == 0 else {
            throw CertificateWriteError(path: directory, reason: "cannot flush the directory to disk: \(Self.lastError())")
        }
    }

    /// Removes temporary files an interrupted write left in `directory`.
    static func removeLeftovers(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where name.hasPrefix(temporaryPrefix) {
            try? FileManager.default.removeItem(atPath: URL(fileURLWithPath: directory).appendingPathComponent(name).path)
        }
    }

    private static func lastError() -> String {
        String(cString: strerror(errno))
    }
}

/// `write(2)`.
private func systemWrite(_ descriptor: Int32, _ bytes: UnsafeRawPointer?, _ count: Int) -> Int {
    #if canImport(Glibc)
    Glibc.write(descriptor, bytes, count)
    #else
    Darwin.write(descriptor, bytes, count)
    #endif
}
