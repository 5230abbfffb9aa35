import Glibc

/// The floor of an SCPI round trip: plain blocking `send` and `recv` on a loopback socket, no buffering layers,
/// no concurrency. What the simulated instrument itself costs per query; the clients compared are measured
/// against it.
final class BlockingSCPIClient {
    private let descriptor: Int32
    private var buffer = [UInt8](repeating: 0, count: 1 << 16)

    /// Connects to `127.0.0.1:port` with `TCP_NODELAY` and a 5 s receive timeout.
    init(port: UInt16) throws(BenchmarkError) {
        descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw BenchmarkError("socket: \(String(cString: strerror(errno)))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_port = port.bigEndian
        address.sin_addr.s_addr = UInt32(0x7F00_0001).bigEndian
        let connected = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
            }
        }
        guard connected == 0 else {
            let message = String(cString: strerror(errno))
            close(descriptor)
            throw BenchmarkError("connect to 127.0.0.1 port \(port): \(message)")
        }
        var one: Int32 = 1
        setsockopt(descriptor, Int32(IPPROTO_TCP), TCP_NODELAY, &one, socklen_t(MemoryLayout<Int32>.size))
        var timeout = timeval(tv_sec: 5, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
    }

    deinit {
        close(descriptor)
    }

    /// Sends `command` and a newline and reads the whole reply: one line, or a definite-length block and its
    /// terminator. Returns the reply's length without the terminator.
    func query(_ command: [UInt8], isBlock: Bool) throws(BenchmarkError) -> Int {
        var sent = 0
        while sent < command.count {
            let count = command.withUnsafeBytes {
                send(descriptor, $0.baseAddress.map { $0 + sent }, $0.count - sent, 0)
            }
            guard count > 0 else { throw BenchmarkError("send: \(String(cString: strerror(errno)))") }
            sent += count
        }
        var filled = 0
        while true {
            if let length = complete(filled: filled, isBlock: isBlock) { return length }
            if filled == buffer.count { buffer += [UInt8](repeating: 0, count: buffer.count) }
            let count = buffer.withUnsafeMutableBytes {
                recv(descriptor, $0.baseAddress.map { $0 + filled }, $0.count - filled, 0)
            }
            guard count > 0 else {
                throw BenchmarkError(count == 0 ? "the simulator hung up" : "recv: \(String(cString: strerror(errno)))")
            }
            filled += count
        }
    }

    /// The reply's length when `filled` bytes hold all of it.
    private func complete(filled: Int, isBlock: Bool) -> Int? {
        guard filled > 0 else { return nil }
        guard isBlock else { return buffer[filled - 1] == 0x0A ? filled - 1 : nil }
        guard filled >= 2 else { return nil }
        let digits = Int(buffer[1]) - 0x30
        guard digits > 0, digits <= 9, filled >= 2 + digits else { return nil }
        var length = 0
        for index in 2..<(2 + digits) { length = length * 10 + Int(buffer[index]) - 0x30 }
        let total = 2 + digits + length + 1
        return filled >= total ? total - 1 : nil
    }
}
