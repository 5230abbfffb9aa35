import Glibc
import StationLinks
import Synchronization

/// A ``LANInstrumentBackend`` that relays to an instrument's raw SCPI socket (`TCPIP0::127.0.0.1::P::SOCKET`):
/// messages go out newline-terminated, and a response ends at its newline, which becomes the END of VXI-11 and
/// the DataEnd of HiSLIP. This is how the bench simulators offer their LAN instruments over VXI-11 and HiSLIP
/// too. The connection is opened on first use and again after the instrument dropped it.
public final class SCPISocketRelay: LANInstrumentBackend {
    private struct State {
        var descriptor: Int32?
        var pending: [UInt8] = []
        /// Queries sent whose response has not fully arrived (raw SCPI answers only queries).
        var outstanding = 0
    }

    /// The instrument's IPv4 address (numeric).
    public let host: String
    /// The instrument's raw-socket port.
    public let port: UInt16
    private let state = Mutex(State())

    /// Relays to `host:port`; nothing connects until the first message.
    public init(host: String = "127.0.0.1", port: UInt16) {
        self.host = host
        self.port = port
    }

    deinit {
        state.withLock { state in
            if let descriptor = state.descriptor { Glibc.close(descriptor) }
        }
    }

    /// Writes `message` with a newline (unless it ends with one), reconnecting once if the socket was dropped.
    public func send(_ message: [UInt8]) throws {
        var bytes = message
        if bytes.last != 0x0A { bytes.append(0x0A) }
        try state.withLock { (state: inout State) throws in
            for attempt in 0..<2 {
                let descriptor = try connected(&state)
                do {
                    try DescriptorIO.writeAll(descriptor, bytes, timeoutMilliseconds: 5000)
                    if bytes.contains(UInt8(ascii: "?")) { state.outstanding += 1 }
                    return
                } catch {
                    disconnect(&state)
                    if attempt == 1 { throw error }
                }
            }
        }
    }

    /// Returns response bytes through the next newline (END) or `maxCount` bytes, waiting up to `timeout`.
    public func receive(maxCount: Int, timeout: Duration) throws -> (bytes: [UInt8], end: Bool) {
        let deadline = ContinuousClock.now + timeout
        while true {
            let result: (bytes: [UInt8], end: Bool)? = try state.withLock { (state: inout State) throws -> (bytes: [UInt8], end: Bool)? in
                if let newline = state.pending.prefix(maxCount).firstIndex(of: 0x0A) {
                    let bytes = Array(state.pending[...newline])
                    state.pending.removeFirst(bytes.count)
                    return (bytes, true)
                }
                if state.pending.count >= maxCount {
                    let bytes = Array(state.pending.prefix(maxCount))
                    state.pending.removeFirst(maxCount)
                    return (bytes, false)
                }
                let left = deadline - ContinuousClock.now
                if left <= .zero { return ([], false) }
                let descriptor = try connected(&state)
                do {
                    let slice = min(ServerTiming.milliseconds(left), 20)
                    let received = try DescriptorIO.readSome(descriptor, max: 65_536, timeoutMilliseconds: slice)
                    state.outstanding = max(0, state.outstanding - received.count(where: { $0 == 0x0A }))
                    state.pending += received
                } catch {
                    disconnect(&state)
                    throw error
                }
                return nil
            }
            if let result { return result }
            ServerTiming.pause(milliseconds: 0)
        }
    }

    /// Drops response bytes not yet read, including responses still on their way (it waits up to a second for
    /// the queries already sent to be answered, so that no stale response is read after the clear).
    public func clear() {
        state.withLock { state in
            if let descriptor = state.descriptor {
                let deadline = ContinuousClock.now + .seconds(1)
                while state.outstanding > 0, ContinuousClock.now < deadline {
                    guard let bytes = try? DescriptorIO.readSome(descriptor, max: 65_536, timeoutMilliseconds: 20) else { break }
                    state.outstanding = max(0, state.outstanding - bytes.count(where: { $0 == 0x0A }))
                }
                while let bytes = try? DescriptorIO.readSome(descriptor, max: 65_536, timeoutMilliseconds: 0), !bytes.isEmpty {}
            }
            state.pending.removeAll()
            state.outstanding = 0
        }
    }

    private func connected(_ state: inout State) throws -> Int32 {
        if let descriptor = state.descriptor { return descriptor }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        guard inet_pton(AF_INET, host, &address.sin_addr) == 1 else {
            throw LinkError(.connectFailed(errno: EINVAL), resource: "TCPIP0::\(host)::\(port)::SOCKET", operation: "connect",
                            detail: "the relay needs a numeric IPv4 address")
        }
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else {
            throw LinkError(.connectFailed(errno: errno), resource: "TCPIP0::\(host)::\(port)::SOCKET", operation: "socket")
        }
        let result = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                Glibc.connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard result == 0 else {
            let code = errno
            Glibc.close(descriptor)
            throw LinkError(.connectFailed(errno: code), resource: "TCPIP0::\(host)::\(port)::SOCKET", operation: "connect")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        state.descriptor = descriptor
        state.pending.removeAll()
        return descriptor
    }

    private func disconnect(_ state: inout State) {
        if let descriptor = state.descriptor { Glibc.close(descriptor) }
        state.descriptor = nil
    }
}
