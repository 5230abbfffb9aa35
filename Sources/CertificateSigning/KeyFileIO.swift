import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Musl)
import Musl
#elseif canImport(Darwin)
import Darwin
#endif

/// POSIX file operations for key files: exclusive creation with a fixed mode, atomic replacement,
/// and reading with a permission check done on the open descriptor.
enum KeyFileIO {
    /// Key files are small; anything bigger is not a key file.
    static let maximumKeyFileSize = 64 * 1024

    /// Whether anything (including a dangling symlink) exists at the path.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return lstat(path, &info) == 0
    }

    /// Creates a new file with `O_CREAT|O_EXCL|O_WRONLY` and the given mode, writes and syncs the contents.
    ///
    /// The mode applies from creation (subject only to the umask, which can only remove bits). On failure
    /// after creation the partial file is removed.
    static func createExclusive(_ path: String, contents: Data, mode: mode_t) throws(SigningKeyFileError) {
        let descriptor = open(path, O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC | O_NOFOLLOW, mode)
        guard descriptor >= 0 else {
            let code = errno
            if code == EEXIST { throw .alreadyExists(path: path) }
            throw .system(operation: "create", path: path, errno: code)
        }
        do throws(SigningKeyFileError) {
            try writeAll(descriptor, contents, path: path)
            guard fsync(descriptor) == 0 else { throw .system(operation: "sync", path: path, errno: errno) }
        } catch {
            _ = close(descriptor)
            _ = unlink(path)
            throw error
        }
        guard close(descriptor) == 0 else {
            let code = errno
            _ = unlink(path)
            throw .system(operation: "close", path: path, errno: code)
        }
    }

    /// Replaces (or creates) a file atomically: writes a new exclusive temporary file with the given mode
    /// beside it, then renames it over the destination. Readers see the old file or the new one, never a mix.
    static func replace(_ path: String, contents: Data, mode: mode_t) throws(SigningKeyFileError) {
        let url = URL(fileURLWithPath: path)
        let directory = url.deletingLastPathComponent().path
        let suffix = ".new-\(getpid())-\(UInt32.random(in: 0...UInt32.max))"
        let temporary = directory + "/." + url.lastPathComponent + suffix
        do throws(SigningKeyFileError) {
            try createExclusive(temporary, contents: contents, mode: mode)
        } catch {
            // Report the file the user named, not the temporary one beside it.
            if case .system(let operation, _, let code) = error {
                throw .system(operation: operation, path: path, errno: code)
            }
            throw error
        }
        guard rename(temporary, path) == 0 else {
            let code = errno
            _ = unlink(temporary)
            throw .system(operation: "replace", path: path, errno: code)
        }
    }

    /// Removes a file, ignoring errors (used to roll back a half-written key pair).
    static func remove(_ path: String) {
        _ = unlink(path)
    }

    /// Reads a private key file after checking, on the open descriptor, that it is a regular file
    /// that neither group nor others can access.
    static func readPrivate(_ path: String) throws(SigningKeyFileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound(path: path) }
            throw .system(operation: "open", path: path, errno: code)
        }
        defer { _ = close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw .system(operation: "inspect", path: path, errno: errno) }
        guard (info.st_mode & S_IFMT) == S_IFREG else { throw .notARegularFile(path: path) }
        let permissions = UInt32(info.st_mode) & 0o7777
        guard permissions & 0o077 == 0 else { throw .permissionsTooOpen(path: path, mode: permissions) }
        guard Int(info.st_size) <= maximumKeyFileSize else {
            throw .invalidContent(path: path, reason: "the file is \(info.st_size) bytes; a key file is a few hundred")
        }
        return try readAll(descriptor, path: path)
    }

    /// Reads a public key file (no permission requirement).
    static func readPublic(_ path: String) throws(SigningKeyFileError) -> Data {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            if code == ENOENT { throw .notFound(path: path) }
            throw .system(operation: "open", path: path, errno: code)
        }
        defer { _ = close(descriptor) }
        return try readAll(descriptor, path: path)
    }

    private static func writeAll(_ descriptor: Int32, _ contents: Data, path: String) throws(SigningKeyFileError) {
        let bytes = [UInt8](contents)
        var offset = 0
        while offset < bytes.count {
            let written = bytes.withUnsafeBytes { buffer in
                write(descriptor, buffer.baseAddress.map { $0 + offset }, bytes.count - offset)
            }
            if written < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "write", path: path, errno: errno)
            }
            offset += written
        }
    }

    private static func readAll(_ descriptor: Int32, path: String) throws(SigningKeyFileError) -> Data {
        var result = Data()
        var chunk = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = chunk.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw .system(operation: "read", path: path, errno: errno)
            }
            if count == 0 { return result }
            result.append(contentsOf: chunk[0..<count])
            guard result.count <= maximumKeyFileSize else {
                throw .invalidContent(path: path, reason: "the file is larger than \(maximumKeyFileSize) bytes")
            }
        }
    }
}
