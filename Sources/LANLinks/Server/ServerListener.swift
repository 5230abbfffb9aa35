import Foundation
import StationLinks
import Synchronization

/// Accepts TCP clients on a thread of its own and hands each connection to `serve` on a new thread; ``stop()``
/// closes the listener and tells the connection threads (which poll ``isStopped``) to finish.
final class ServerListener: Sendable {
    let listener: TCPListener
    private let stopped = Mutex(false)
    private let connections = Mutex<Set<Int32>>([])

    init(listener: TCPListener) {
        self.listener = listener
    }

    var isStopped: Bool { stopped.withLock { $0 } }

    func start(name: String, serve: @escaping @Sendable (Int32) -> Void) {
        let thread = Thread { [self] in
            while !isStopped {
                guard let connection = try? listener.accept(timeout: .milliseconds(200)) else { continue }
                connections.withLock { _ = $0.insert(connection) }
                let worker = Thread { [self] in
                    serve(connection)
                    // Closed under the lock, so that stop() never shuts down a descriptor number reused elsewhere.
                    connections.withLock { connections in
                        connections.remove(connection)
                        Glibc.close(connection)
                    }
                }
                worker.name = name + "-connection"
                worker.start()
            }
        }
        thread.name = name
        thread.start()
    }

    func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        listener.close()
        // Wake connection threads blocked in reads: shutdown(2) makes their reads see the end of the stream.
        connections.withLock { connections in
            for connection in connections { shutdown(connection, Int32(SHUT_RDWR)) }
        }
    }
}
