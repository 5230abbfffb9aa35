import Glibc

/// A raw TCP socket to a LAN instrument (SCPI on port 5025, vendor ASCII protocols) as a ``ByteLink``.
///
/// `TCP_NODELAY` is set so that short commands leave at once. When the instrument closes the connection or
/// resets it, reads throw ``LinkError`` kind `.hangup`.
public final class TCPLink: ByteLink {
    /// The host as given (name or numeric address).
    public let host: String
    /// The port.
    public let port: UInt16
    private let link: DescriptorLink

    /// The address this link was opened on.
    public var resource: ResourceString { link.resource }

    private init(host: String, port: UInt16, link: DescriptorLink) {
        self.host = host
        self.port = port
        self.link = link
    }

    /// Connects to `host:port` within `timeout`. Host names are resolved with `getaddrinfo` on a thread of
    /// its own; each resolved address is tried in turn with a non-blocking connect.
    ///
    /// - Parameter resource: the resource string to report in errors; defaults to
    ///   `TCPIP0::<host>::<port>::SOCKET`.
    /// - Throws: ``LinkError`` of kind `.connectFailed(errno:)` (e.g. `ECONNREFUSED` when nothing listens,
    ///   `EHOSTUNREACH`), `.timeout`, or `.cancelled`.
    public static func connect(
        host: String, port: UInt16, timeout: Duration, resource: ResourceString? = nil
    ) async throws -> TCPLink {
        let resource = resource ?? .tcpSocket(board: 0, host: host, port: port)
        let operation = "connect to \(host) port \(port)"
        func failure(_ kind: LinkError.Kind, _ detail: String) -> LinkError {
            LinkError(kind, resource: resource.description, operation: operation, detail: detail)
        }
        let deadline = ContinuousClock.now + timeout
        let addresses: [SocketAddress]
        switch await SocketAddress.resolve(host, port: port, deadline: deadline) {
        case .success(let resolved): addresses = resolved
        case .failure(.notFound(let message)):
            throw failure(.connectFailed(errno: EHOSTUNREACH), "cannot resolve host name \"\(host)\": \(message)")
        case .failure(.timedOut): throw failure(.timeout, "resolving \"\(host)\" took too long")
        case .failure(.cancelled): throw failure(.cancelled, "while resolving \"\(host)\"")
        }

        var lastErrno: Int32 = ECONNREFUSED
        var tried: [String] = []
        for address in addresses {
            tried.append(address.numericHost)
            let socketType = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
            let fd = socket(address.family, socketType, 0)
            guard fd >= 0 else {
                lastErrno = errno
                continue
            }
            let result = address.withSockaddr { Glibc.connect(fd, $0, $1) }
            var code: Int32 = result == 0 ? 0 : errno
            // An interrupted connect carries on in the background: wait for it like EINPROGRESS.
            if code == EINPROGRESS || code == EINTR {
                switch await DescriptorWait.wait(fd: fd, events: SystemCalls.writable, deadline: deadline,
                                                 abortReason: { nil }) {
                case .ready:
                    var socketError: Int32 = 0
                    var length = socklen_t(MemoryLayout<Int32>.size)
                    code = getsockopt(fd, SOL_SOCKET, SO_ERROR, &socketError, &length) == 0 ? socketError : errno
                case .timedOut, .closed:
                    Glibc.close(fd)
                    throw failure(.timeout, "no answer from \(address.numericHost) within \(timeout)")
                case .cancelled:
                    Glibc.close(fd)
                    throw failure(.cancelled, "while connecting to \(address.numericHost)")
                }
            }
            guard code == 0 else {
                Glibc.close(fd)
                lastErrno = code
                continue
            }
            _ = SystemCalls.setNoDelay(fd)
            let link = DescriptorLink(adopting: fd, kind: .socket, resource: resource)
            return TCPLink(host: host, port: port, link: link)
        }
        var detail = "tried " + tried.joined(separator: ", ")
        if lastErrno == ECONNREFUSED { detail += "; nothing listens on port \(port) (is the instrument on?)" }
        throw failure(.connectFailed(errno: lastErrno), detail)
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

    /// Reads one frame delimited by a quiet interval (Modbus over a serial-to-LAN bridge).
    nonisolated(nonsending)
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        try await link.readFrame(quietInterval: quietInterval, maxCount: maxCount, timeout: timeout)
    }

    /// Drops buffered input and whatever the socket has received.
    nonisolated(nonsending) public func discardInput() async throws {
        try await link.discardInput()
    }

    /// Closes the connection.
    nonisolated(nonsending) public func close() async {
        await link.close()
    }
}
