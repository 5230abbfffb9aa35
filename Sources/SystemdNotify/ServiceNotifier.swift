#if canImport(Glibc)
import Glibc
#endif

/// Tells systemd how a service is doing (`sd_notify(3)`), without libsystemd: one datagram per message to the unix
/// socket named by `$NOTIFY_SOCKET`.
///
/// A leading `@` in the socket name means Linux's abstract namespace. Messages are newline-separated `KEY=VALUE`
/// assignments: `READY=1`, `STATUS=…`, `WATCHDOG=1`, `STOPPING=1`. Under a unit with `WatchdogSec=`, systemd sets
/// `$WATCHDOG_USEC` (and `$WATCHDOG_PID`); the service must send `WATCHDOG=1` more often than that, or be restarted.
public struct ServiceNotifier: Sendable, Equatable {
    /// The socket address from `$NOTIFY_SOCKET`, as given (a leading `@` for the abstract namespace).
    public let socketName: String
    /// How often systemd expects `WATCHDOG=1`, when the unit has a watchdog meant for this process.
    public let watchdogInterval: Duration?

    /// The notifier for this process's environment, or nil when no service manager listens (no `$NOTIFY_SOCKET`).
    ///
    /// - Parameters:
    ///   - environment: the process environment.
    ///   - processID: this process's pid, compared with `$WATCHDOG_PID` when that is set.
    public init?(environment: [String: String], processID: Int32 = getpid()) {
        guard let name = environment["NOTIFY_SOCKET"], name.hasPrefix("/") || name.hasPrefix("@"), name.utf8.count > 1
        else { return nil }
        socketName = name
        var interval: Duration?
        if let text = environment["WATCHDOG_USEC"], let microseconds = Int64(text), microseconds > 0 {
            let forUs = environment["WATCHDOG_PID"].map { Int32($0) == processID } ?? true
            interval = forUs ? .microseconds(microseconds) : nil
        }
        watchdogInterval = interval
    }

    /// Sends `message` (e.g. "READY=1" or "STATUS=soaking at 85 °C") as one datagram, without ever waiting: a
    /// service manager that does not read its socket must not stall the run (the message is then lost, and said so).
    public func send(_ message: String) throws(ServiceNotifierError) {
        var address = sockaddr_un()
        address.sun_family = sa_family_t(AF_UNIX)
        var path = Array(socketName.utf8)
        if path.first == UInt8(ascii: "@") { path[0] = 0 }
        let capacity = MemoryLayout.size(ofValue: address.sun_path)
        guard path.count < capacity else {
            throw ServiceNotifierError(socket: socketName, reason: "the socket name is longer than \(capacity - 1) bytes")
        }
        withUnsafeMutableBytes(of: &address.sun_path) { raw in
            for (index, byte) in path.enumerated() { raw[index] = byte }
        }
        let length = socklen_t(MemoryLayout<sa_family_t>.size + path.count + (path.first == 0 ? 0 : 1))
        let descriptor = socket(AF_UNIX, Int32(SOCK_DGRAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw ServiceNotifierError(socket: socketName, reason: "socket: \(String(cString: strerror(errno)))")
        }
        defer { _ = close(descriptor) }
        let bytes = Array(message.utf8)
        let sent = bytes.withUnsafeBytes { buffer in
            withUnsafePointer(to: &address) { pointer in
                pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, buffer.baseAddress, buffer.count, Int32(MSG_NOSIGNAL) | Int32(MSG_DONTWAIT), $0, length)
                }
            }
        }
        guard sent == bytes.count else {
            let code = errno
            throw ServiceNotifierError(
                socket: socketName, reason: "sendto: \(String(cString: strerror(code)))",
                queueFull: code == EAGAIN || code == EWOULDBLOCK)
        }
    }

    /// Sends `message` as ``send(_:)`` does, but when the service manager's queue is momentarily full (a unix
    /// datagram socket holds only `net.unix.max_dgram_qlen` unread messages), tries again every 5 ms for up to
    /// `patience`. For the few messages that matter (`READY=1`, `STOPPING=1`); watchdog pings and status lines are
    /// better lost than late.
    public func send(_ message: String, patience: Duration) throws(ServiceNotifierError) {
        let deadline = ContinuousClock.now + patience
        while true {
            do {
                try send(message)
                return
            } catch where error.queueFull && ContinuousClock.now < deadline {
                var pause = timespec(tv_sec: 0, tv_nsec: 5_000_000)
                _ = nanosleep(&pause, nil)
            }
        }
    }
}

/// A notification that could not be sent to the service manager.
public struct ServiceNotifierError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `$NOTIFY_SOCKET` as given.
    public let socket: String
    /// What went wrong.
    public let reason: String
    /// Whether the listener's queue was full (`EAGAIN`): the same message may go through a moment later.
    public let queueFull: Bool

    /// Creates the error.
    public init(socket: String, reason: String, queueFull: Bool = false) {
        self.socket = socket
        self.reason = reason
        self.queueFull = queueFull
    }

    public var description: String { "cannot notify the service manager at NOTIFY_SOCKET=\(socket): \(reason)" }
}
