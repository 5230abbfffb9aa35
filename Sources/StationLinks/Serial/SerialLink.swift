import Glibc

/// A serial port (or the device side of a ``PseudoTerminal``) as a ``ByteLink``.
///
/// The port is opened exclusively: a second ``SerialLink`` on the same device, in this or another process,
/// is refused with ``LinkError`` kind `.cannotOpen`. Reads detect a hangup (USB adapter unplugged, or the
/// controller side of a pseudo-terminal closed) and throw kind `.hangup`.
public final class SerialLink: ByteLink {
    /// The device path, e.g. `/dev/ttyUSB0`.
    public let path: String
    /// The settings the port was opened with.
    public let settings: SerialSettings
    /// Whether the device is the device side of a pseudo-terminal (a simulator, or a `socat` bridge) rather than a
    /// UART: bytes then arrive without character timing, and the baud rate is accepted but means nothing.
    public let isPseudoTerminal: Bool
    private let link: DescriptorLink

    /// The address this link was opened on.
    public var resource: ResourceString { link.resource }

    private init(path: String, settings: SerialSettings, isPseudoTerminal: Bool, link: DescriptorLink) {
        self.path = path
        self.settings = settings
        self.isPseudoTerminal = isPseudoTerminal
        self.link = link
    }

    /// Opens `path` (`O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC`), takes it exclusively (`TIOCEXCL` and an
    /// exclusive `flock`), puts it in raw mode with `settings`, and flushes anything queued before.
    ///
    /// - Parameter resource: the resource string to report in errors; defaults to `ASRL<path>::INSTR`.
    /// - Throws: ``SerialSettingsError`` for impossible settings; ``LinkError`` of kind `.cannotOpen` when the
    ///   device is missing, busy (already open exclusively) or not permitted, or cannot be configured.
    public static func open(
        path: String, settings: SerialSettings = SerialSettings(), resource: ResourceString? = nil
    ) throws -> SerialLink {
        try settings.validate()
        let resource = resource ?? .serial(device: path)
        func failure(_ step: String, _ code: Int32, _ hint: String) -> LinkError {
            let detail = hint.isEmpty ? step : "\(step): \(hint)"
            return LinkError(.cannotOpen(errno: code), resource: resource.description,
                             operation: "open \(path) at \(settings.summary)", detail: detail)
        }
        let fd = Glibc.open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC)
        guard fd >= 0 else {
            let code = errno
            throw failure("open", code, openHint(code))
        }
        func fail(_ step: String, _ code: Int32, _ hint: String = "") -> LinkError {
            Glibc.close(fd)
            return failure(step, code, hint)
        }
        guard isatty(fd) == 1 else { throw fail("isatty", ENOTTY, "\(path) is not a terminal device") }
        guard ioctl(fd, UInt(TIOCEXCL)) == 0 else { throw fail("ioctl(TIOCEXCL)", errno) }
        // TIOCEXCL does not stop a privileged process; the lock does, and also covers this process's own links.
        guard flock(fd, LOCK_EX | LOCK_NB) == 0 else {
            let code = errno
            throw fail("flock", code == EWOULDBLOCK ? EBUSY : code, code == EWOULDBLOCK ? busyHint : "")
        }
        do {
            try TerminalAttributes.apply(settings, to: fd)
        } catch {
            throw fail(error.step, error.code, "cannot configure the port")
        }
        let pseudoTerminal = isPseudoTerminalDevice(fd)
        let link = DescriptorLink(adopting: fd, kind: .terminal, resource: resource)
        return SerialLink(path: path, settings: settings, isPseudoTerminal: pseudoTerminal, link: link)
    }

    /// Whether `fd` is a Unix 98 pseudo-terminal's device side: a character device with major number 136–143
    /// (Linux's `Documentation/admin-guide/devices.txt`).
    private static func isPseudoTerminalDevice(_ fd: Int32) -> Bool {
        var status = stat()
        guard fstat(fd, &status) == 0, status.st_mode & S_IFMT == S_IFCHR else { return false }
        let device = UInt64(status.st_rdev)
        let major = ((device >> 8) & 0xFFF) | ((device >> 32) & ~UInt64(0xFFF))
        return (136...143).contains(major)
    }

    private static let busyHint = "the port is already open exclusively (by another program or another link "
        + "in this one); close that first"

    private static func openHint(_ code: Int32) -> String {
        switch code {
        case EBUSY: return busyHint
        case ENOENT: return "no such device; is the adapter plugged in and the path right?"
        case EACCES, EPERM: return "permission denied; add the user to the dialout group or install the udev rule"
        default: return ""
        }
    }

    /// Writes all of `bytes`, or throws ``LinkError``.
    nonisolated(nonsending) public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        try await link.write(bytes, timeout: timeout)
    }

    /// Reads until `terminator` and returns the bytes before it (see ``DescriptorLink``).
    nonisolated(nonsending)
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await link.read(until: terminator, maxCount: maxCount, timeout: timeout)
    }

    /// Reads exactly `count` bytes.
    nonisolated(nonsending) public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        try await link.read(exactly: count, timeout: timeout)
    }

    /// Reads one frame delimited by a quiet line (Modbus RTU).
    nonisolated(nonsending)
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await link.readFrame(quietInterval: quietInterval, maxCount: maxCount, timeout: timeout)
    }

    /// Drops buffered input and the port's input queue.
    nonisolated(nonsending) public func discardInput() async throws {
        try await link.discardInput()
    }

    /// Closes the port and releases the exclusive lock.
    nonisolated(nonsending) public func close() async {
        await link.close()
    }
}
