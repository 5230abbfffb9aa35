import Glibc
import Synchronization

/// A listening TCP socket for server code (the bench simulators) that runs on its own thread.
///
/// Binds to `127.0.0.1` by default, on an ephemeral port unless one is given; ``port`` tells which.
/// ``accept(timeout:)`` blocks the calling thread, so call it from a dedicated thread, never from a task.
public final class TCPListener: Sendable {
    /// The host the listener is bound to, as given.
    public let host: String
    /// The port it listens on (the one the system chose when 0 was asked for).
    public let port: UInt16
    private let descriptor: Int32

    private struct State {
        var closeRequested = false
        var descriptorClosed = false
        var accepting = 0
    }

    private let state = Mutex(State())

    /// The resource string a client connects with, `TCPIP0::<host>::<port>::SOCKET`.
    public var resource: ResourceString { .tcpSocket(board: 0, host: host, port: port) }

    /// Binds and listens, with `SO_REUSEADDR`.
    ///
    /// - Throws: ``LinkError`` of kind `.cannotOpen` (e.g. `EADDRINUSE` when the port is taken).
    public init(host: String = "127.0.0.1", port: UInt16 = 0, backlog: Int32 = 16) throws {
        let label = "TCPIP0::\(host)::\(port)::SOCKET"
        let operation = "listen on \(host) port \(port)"
        func failure(_ code: Int32, _ detail: String) -> LinkError {
            LinkError(.cannotOpen(errno: code), resource: label, operation: operation, detail: detail)
        }
        let address: SocketAddress
        if let numeric = SocketAddress.numeric(host, port: port) {
            address = numeric
        } else {
            switch SocketAddress.lookUp(host, port: port, passive: true) {
            case .success(let addresses):
                guard let first = addresses.first else { throw failure(EADDRNOTAVAIL, "no address for \(host)") }
                address = first
            case .failure(let lookup):
                throw failure(EADDRNOTAVAIL, "cannot resolve \"\(host)\": \(lookup.message)")
            }
        }
        let socketType = Int32(SOCK_STREAM.rawValue | SOCK_NONBLOCK.rawValue | SOCK_CLOEXEC.rawValue)
        let fd = socket(address.family, socketType, 0)
        guard fd >= 0 else { throw failure(errno, "socket") }
        func fail(_ step: String) -> LinkError {
            let code = errno
            Glibc.close(fd)
            return failure(code, "\(step): \(ErrnoText.describe(code))")
        }
        var one: Int32 = 1
        guard setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, socklen_t(MemoryLayout<Int32>.size)) == 0 else {
            throw fail("setsockopt(SO_REUSEADDR)")
        }
        guard address.withSockaddr({ bind(fd, $0, $1) }) == 0 else { throw fail("bind") }
        guard listen(fd, backlog) == 0 else { throw fail("listen") }
        var bound = sockaddr_storage()
        var length = socklen_t(MemoryLayout<sockaddr_storage>.size)
        let named = withUnsafeMutablePointer(to: &bound) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { getsockname(fd, $0, &length) }
        }
        guard named == 0 else { throw fail("getsockname") }
        let boundPort: UInt16 = withUnsafeBytes(of: bound) { raw in
            // sin_port and sin6_port sit at the same offset, in network byte order.
            UInt16(bigEndian: raw.loadUnaligned(fromByteOffset: MemoryLayout<sa_family_t>.size, as: UInt16.self))
        }
        self.host = host
        self.port = boundPort
        self.descriptor = fd
    }

    deinit {
        state.withLock { state in
            if !state.descriptorClosed {
                state.descriptorClosed = true
                Glibc.close(descriptor)
            }
        }
    }

    /// Waits up to `timeout` (nil: forever) for a client and returns the connected descriptor, in blocking
    /// mode, close-on-exec, with `TCP_NODELAY` set. The caller owns it and must close it.
    ///
    /// - Throws: ``LinkError`` of kind `.timeout`, `.closed` (the listener was closed, also while waiting),
    ///   or `.io`.
    public func accept(timeout: Duration?) throws -> Int32 {
        let operation = "accept"
        let admitted = state.withLock { state in
            guard !state.closeRequested else { return false }
            state.accepting += 1
            return true
        }
        guard admitted else { throw error(.closed, operation) }
        defer {
            let closeNow: Bool = state.withLock { state in
                state.accepting -= 1
                guard state.closeRequested, state.accepting == 0, !state.descriptorClosed else { return false }
                state.descriptorClosed = true
                return true
            }
            if closeNow { Glibc.close(descriptor) }
        }
        let deadline = timeout.map { ContinuousClock.now + $0 }
        while true {
            if state.withLock({ $0.closeRequested }) { throw error(.closed, operation) }
            var slice = Self.sliceMilliseconds
            if let deadline {
                let remaining = (deadline - ContinuousClock.now).pollMilliseconds
                slice = min(slice, remaining)
            }
            if case .failure(let failure) = SystemCalls.pollOne(
                descriptor, events: SystemCalls.readable, timeoutMilliseconds: slice) {
                throw error(.io(errno: failure.code), operation, detail: ErrnoText.describe(failure.code))
            }
            let connection = Glibc.accept(descriptor, nil, nil)
            if connection >= 0 {
                _ = SystemCalls.setCloseOnExec(connection)
                _ = SystemCalls.setNonBlocking(connection, false)
                _ = SystemCalls.setNoDelay(connection)
                return connection
            }
            let code = errno
            switch code {
            case EAGAIN, EWOULDBLOCK, EINTR, ECONNABORTED, EPROTO:
                if let deadline, ContinuousClock.now >= deadline { throw error(.timeout, operation) }
            case EINVAL where state.withLock({ $0.closeRequested }):
                throw error(.closed, operation)
            default:
                throw error(.io(errno: code), operation, detail: ErrnoText.describe(code))
            }
        }
    }

    /// Stops listening. A thread waiting in ``accept(timeout:)`` returns with `.closed` promptly.
    public func close() {
        let closeNow: Bool = state.withLock { state in
            state.closeRequested = true
            guard !state.descriptorClosed else { return false }
            if state.accepting > 0 {
                // Wakes a thread blocked in poll on this socket; it closes the descriptor on its way out.
                shutdown(descriptor, Int32(SHUT_RDWR))
                return false
            }
            state.descriptorClosed = true
            return true
        }
        if closeNow { Glibc.close(descriptor) }
    }

    /// The longest single wait inside ``accept(timeout:)``, so that ``close()`` is noticed even where
    /// `shutdown` does not wake `poll`.
    private static let sliceMilliseconds: Int32 = 100

    private func error(_ kind: LinkError.Kind, _ operation: String, detail: String = "") -> LinkError {
        LinkError(kind, resource: resource.description, operation: operation, detail: detail)
    }
}
