import Foundation
import Glibc
import StationLinks

/// The kernel's floor for one round trip: a server thread that answers every line with a fixed `*IDN?`-style
/// reply using blocking `recv` and `send`, nothing else. Measured with ``BlockingSCPIClient``, it shows how much of
/// a simulated instrument's round trip is the simulator's own work.
final class LoopbackEchoServer: Sendable {
    /// The port it listens on (127.0.0.1).
    let port: UInt16
    private let listener: TCPListener

    /// Starts listening and serving on a thread of its own; it serves one client, until that client hangs up.
    init() throws {
        listener = try TCPListener(host: "127.0.0.1", port: 0)
        port = listener.port
        let listener = self.listener
        let thread = Thread {
            guard let descriptor = try? listener.accept(timeout: .seconds(30)) else { return }
            Self.serve(descriptor)
            close(descriptor)
        }
        thread.name = "bench-echo"
        thread.start()
    }

    /// Stops listening.
    func stop() {
        listener.close()
    }

    private static func serve(_ descriptor: Int32) {
        let flags = fcntl(descriptor, F_GETFL)
        _ = fcntl(descriptor, F_SETFL, flags & ~O_NONBLOCK)
        let reply = Array("QualStation,ECHO-FLOOR,000000,1.0.0\n".utf8)
        var buffer = [UInt8](repeating: 0, count: 4096)
        while true {
            let count = buffer.withUnsafeMutableBytes { recv(descriptor, $0.baseAddress, $0.count, 0) }
            guard count > 0 else { return }
            for _ in 0..<buffer[0..<count].count(where: { $0 == 0x0A }) {
                let sent = reply.withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, 0) }
                guard sent == reply.count else { return }
            }
        }
    }
}
