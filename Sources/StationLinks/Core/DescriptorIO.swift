import Glibc

/// Blocking reads and writes on a raw descriptor, for server code that runs on its own thread (the bench
/// simulators serving a pseudo-terminal's controller side or an accepted TCP connection).
///
/// Never call these from a Swift task: they block the calling thread for up to the timeout.
public enum DescriptorIO {
    /// Waits up to `timeoutMilliseconds` (-1: forever) for input on `fd` and returns what is available, at most
    /// `max` bytes. An empty array means the timeout passed with nothing to read.
    ///
    /// - Throws: ``LinkError`` of kind `.hangup` when the peer closed (end of stream, `EIO`, `ECONNRESET`),
    ///   `.io` for other failures.
    public static func readSome(_ fd: Int32, max: Int, timeoutMilliseconds: Int32) throws -> [UInt8] {
        let operation = "read up to \(max) byte(s)"
        let start = ContinuousClock.now
        while true {
            var remaining = timeoutMilliseconds
            if timeoutMilliseconds >= 0 {
                let elapsed = (ContinuousClock.now - start).wholeMillisecondsRoundedUp
                remaining = Int32(clamping: Swift.max(0, Int64(timeoutMilliseconds) - elapsed))
            }
            switch SystemCalls.pollOne(fd, events: SystemCalls.readable, timeoutMilliseconds: remaining) {
            case .failure(let failure):
                throw failed(fd, operation, failure.code)
            case .success(0):
                return []
            case .success:
                break
            }
            var bytes = [UInt8](repeating: 0, count: Swift.max(max, 1))
            let count = bytes.withUnsafeMutableBytes { raw in read(fd, raw.baseAddress, raw.count) }
            if count > 0 {
                bytes.removeLast(bytes.count - count)
                return bytes
            }
            if count == 0 {
                throw LinkError(.hangup, resource: "descriptor \(fd)", operation: operation, detail: "end of stream")
            }
            let code = errno
            if code == EINTR || code == EAGAIN || code == EWOULDBLOCK {
                if remaining == 0 { return [] }
                continue
            }
            throw failed(fd, operation, code)
        }
    }

    /// Writes all of `bytes` to `fd`, continuing after partial writes and waiting (up to
    /// `timeoutMilliseconds` in all) when a non-blocking descriptor is full. Sockets are written with
    /// `MSG_NOSIGNAL`, so a closed peer gives `.hangup` instead of killing the process with `SIGPIPE`.
    ///
    /// - Throws: ``LinkError`` of kind `.hangup` when the peer is gone, `.timeout`, or `.io`.
    public static func writeAll(_ fd: Int32, _ bytes: [UInt8], timeoutMilliseconds: Int32 = 10_000) throws {
        let operation = "write \(bytes.count) byte(s)"
        let start = ContinuousClock.now
        var offset = 0
        var useSend = true
        while offset < bytes.count {
            let (written, code) = bytes.withUnsafeBytes { raw -> (Int, Int32) in
                guard let base = raw.baseAddress else { return (0, 0) }
                let n = useSend
                    ? send(fd, base + offset, raw.count - offset, Int32(MSG_NOSIGNAL))
                    : write(fd, base + offset, raw.count - offset)
                return (n, n < 0 ? errno : 0)
            }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0 && code == ENOTSOCK && useSend {
                useSend = false
                continue
            }
            if written < 0 && code == EINTR { continue }
            guard written == 0 || code == EAGAIN || code == EWOULDBLOCK else { throw failed(fd, operation, code) }
            let elapsed = (ContinuousClock.now - start).wholeMillisecondsRoundedUp
            let remaining = Int32(clamping: Swift.max(0, Int64(timeoutMilliseconds) - elapsed))
            guard remaining > 0 else {
                throw LinkError(.timeout, resource: "descriptor \(fd)", operation: operation,
                                detail: "\(offset) of \(bytes.count) byte(s) written")
            }
            if case .failure(let failure) = SystemCalls.pollOne(
                fd, events: SystemCalls.writable, timeoutMilliseconds: remaining) {
                throw failed(fd, operation, failure.code)
            }
        }
    }

    private static func failed(_ fd: Int32, _ operation: String, _ code: Int32) -> LinkError {
        let kind: LinkError.Kind = SystemCalls.isHangup(code) ? .hangup : .io(errno: code)
        return LinkError(kind, resource: "descriptor \(fd)", operation: operation, detail: ErrnoText.describe(code))
    }
}
