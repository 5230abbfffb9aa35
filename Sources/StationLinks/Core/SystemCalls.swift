import Glibc

/// Small wrappers over the C library shared by the links, the listener and the pseudo-terminal.
enum SystemCalls {
    /// Poll event masks as the `Int16` that `pollfd` holds.
    static let readable = Int16(POLLIN)
    static let writable = Int16(POLLOUT)
    static let hangupMask = Int16(POLLHUP | POLLERR | POLLNVAL)

    /// `errno` values that mean the other end is gone rather than that something is misconfigured.
    static func isHangup(_ code: Int32) -> Bool {
        code == EIO || code == ECONNRESET || code == EPIPE || code == ENOTCONN || code == ENXIO
            || code == ENODEV || code == ETIMEDOUT || code == ECONNABORTED || code == ESHUTDOWN
    }

    /// Sets or clears `O_NONBLOCK`; returns `errno` on failure.
    static func setNonBlocking(_ fd: Int32, _ enabled: Bool) -> Int32? {
        let flags = fcntl(fd, F_GETFL)
        guard flags >= 0 else { return errno }
        let wanted = enabled ? flags | O_NONBLOCK : flags & ~O_NONBLOCK
        guard wanted != flags else { return nil }
        return fcntl(fd, F_SETFL, wanted) < 0 ? errno : nil
    }

    /// Sets `FD_CLOEXEC`; returns `errno` on failure.
    static func setCloseOnExec(_ fd: Int32) -> Int32? {
        let flags = fcntl(fd, F_GETFD)
        guard flags >= 0 else { return errno }
        return fcntl(fd, F_SETFD, flags | FD_CLOEXEC) < 0 ? errno : nil
    }

    /// Sets `TCP_NODELAY` on a TCP socket; returns `errno` on failure.
    static func setNoDelay(_ fd: Int32) -> Int32? {
        var one: Int32 = 1
        let result = setsockopt(fd, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        return result < 0 ? errno : nil
    }

    /// Polls one descriptor, retrying on `EINTR` while time remains. Returns the `revents` (0 on timeout) or
    /// throws the `errno` of a failed `poll`.
    static func pollOne(_ fd: Int32, events: Int16, timeoutMilliseconds: Int32) -> Result<Int16, PollFailure> {
        let start = ContinuousClock.now
        var remaining = timeoutMilliseconds
        while true {
            var entry = pollfd(fd: fd, events: events, revents: 0)
            let result = poll(&entry, 1, remaining)
            if result > 0 { return .success(entry.revents) }
            if result == 0 { return .success(0) }
            let code = errno
            guard code == EINTR else { return .failure(PollFailure(code: code)) }
            if timeoutMilliseconds >= 0 {
                let elapsed = (ContinuousClock.now - start).wholeMillisecondsRoundedUp
                remaining = Int32(clamping: max(0, Int64(timeoutMilliseconds) - elapsed))
            }
        }
    }

    /// A failed `poll`.
    struct PollFailure: Error {
        /// The `errno` it set.
        var code: Int32
    }

    /// Looks up a C library function that the `Glibc` module does not import (it is declared only under
    /// `_GNU_SOURCE` / `_XOPEN_SOURCE`), such as `posix_openpt` or `ptsname_r`.
    static func libcFunction<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let handle = dlopen(nil, RTLD_NOW), let symbol = dlsym(handle, name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }
}

extension Duration {
    /// This duration in whole milliseconds, rounded up, never negative.
    var wholeMillisecondsRoundedUp: Int64 {
        let (seconds, attoseconds) = components
        if seconds < 0 || (seconds == 0 && attoseconds <= 0) { return 0 }
        let millisecondAttoseconds: Int64 = 1_000_000_000_000_000
        let extra = (attoseconds + millisecondAttoseconds - 1) / millisecondAttoseconds
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1000)
        return overflow ? Int64.max : product.addingReportingOverflow(extra).partialValue
    }

    /// This duration as a `poll` timeout: whole milliseconds rounded up, clamped to `Int32`.
    var pollMilliseconds: Int32 { Int32(clamping: wholeMillisecondsRoundedUp) }
}
