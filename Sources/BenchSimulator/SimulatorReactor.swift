import Dispatch
import Foundation
import Glibc
import Synchronization

/// The thread that serves every simulated instrument of a station: one `poll` over the client connections and
/// the pseudo-terminals, with short timeouts so that ``stop()`` takes effect promptly.
///
/// One thread for all instruments keeps the order of requests meaningful: when requests to several instruments
/// are waiting at once (say a switch route written just before a meter read, both at the same station time), the
/// messages holding only commands are served first, then the queries, each connection in its own order.
/// Blocking I/O never runs on the Swift concurrency pool.
final class SimulatorReactor: Sendable {
    /// The longest single wait in `poll`, ms.
    static let pollMilliseconds: Int32 = 10
    /// How often waiting clients are accepted.
    static let acceptInterval = Duration.milliseconds(10)

    private let stopRequested = Mutex(false)
    private let finished = DispatchSemaphore(value: 0)
    private let started = Mutex(false)

    /// Starts serving on a new thread.
    func start(
        scpi: [SCPIEndpointConfiguration], modbus: ModbusEndpointConfiguration?, lines: [LineEndpointConfiguration] = []
    ) {
        started.withLock { $0 = true }
        let thread = Thread { [self] in
            let endpoints = scpi.map(SCPIEndpoint.init)
            let chamber = modbus.map(ModbusEndpoint.init)
            let lineEndpoints = lines.map(LineEndpoint.init)
            run(endpoints: endpoints, chamber: chamber, lines: lineEndpoints)
            for endpoint in endpoints { endpoint.dropConnection() }
            for endpoint in lineEndpoints { endpoint.dropConnection() }
            finished.signal()
        }
        thread.name = "bench-simulator"
        thread.start()
    }

    /// Asks the thread to stop and waits (up to 5 s) until it has closed its client connections.
    func stop() {
        let wasRunning = started.withLock { started in
            defer { started = false }
            return started
        }
        guard wasRunning else { return }
        stopRequested.withLock { $0 = true }
        _ = finished.wait(timeout: .now() + 5)
    }

    private func run(endpoints: [SCPIEndpoint], chamber: ModbusEndpoint?, lines: [LineEndpoint]) {
        var lastAccept = ContinuousClock.now - .seconds(1)
        while !stopRequested.withLock({ $0 }) {
            if ContinuousClock.now - lastAccept >= Self.acceptInterval {
                for endpoint in endpoints { endpoint.acceptPending() }
                for endpoint in lines { endpoint.acceptPending() }
                lastAccept = .now
            }
            var descriptors: [Int32] = endpoints.compactMap(\.connection)
            let chamberDescriptor = chamber?.pollDescriptor
            if let chamberDescriptor { descriptors.append(chamberDescriptor) }
            let lineDescriptors = lines.map(\.pollDescriptor)
            descriptors += lineDescriptors.compactMap { $0 }
            let ready = Self.poll(descriptors, timeoutMilliseconds: Self.pollMilliseconds)
            for endpoint in endpoints {
                if let connection = endpoint.connection, ready.contains(connection) { endpoint.receive() }
            }
            if let chamber, let chamberDescriptor, ready.contains(chamberDescriptor) { chamber.receive() }
            for (endpoint, descriptor) in zip(lines, lineDescriptors) {
                if let descriptor, ready.contains(descriptor) { endpoint.receive() }
            }

            var queued = endpoints.map { $0.takeMessages() }
            // Commands first (a route, an output switch), then queries, each connection in its own order.
            for (index, endpoint) in endpoints.enumerated() {
                while let first = queued[index].first, SCPIEndpoint.isCommandOnly(first) {
                    queued[index].removeFirst()
                    endpoint.serve(first)
                }
            }
            for endpoint in lines { endpoint.serveSettings() }
            chamber?.serveFrames()
            for (index, endpoint) in endpoints.enumerated() {
                for message in queued[index] { endpoint.serve(message) }
            }
            for endpoint in lines { endpoint.serveAll() }
            for endpoint in endpoints { endpoint.sendDueReplies() }
        }
    }

    /// Waits for input on `descriptors`; returns those that are readable or hung up.
    private static func poll(_ descriptors: [Int32], timeoutMilliseconds: Int32) -> Set<Int32> {
        var entries = descriptors.map { pollfd(fd: $0, events: Int16(POLLIN), revents: 0) }
        let count = entries.withUnsafeMutableBufferPointer { buffer in
            Glibc.poll(buffer.baseAddress, nfds_t(buffer.count), timeoutMilliseconds)
        }
        guard count > 0 else { return [] }
        return Set(entries.filter { $0.revents != 0 }.map(\.fd))
    }
}
