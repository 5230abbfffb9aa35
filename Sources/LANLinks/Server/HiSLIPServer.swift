import Glibc
import StationLinks
import Synchronization

/// A HiSLIP server (IVI-6.1 rev 2.0) in front of one instrument, in synchronized mode: Initialize and
/// AsyncInitialize pair a session's two channels; Data/DataEnd deliver a message to the instrument and a query's
/// response comes back as DataEnd tagged with the message id of the query; AsyncDeviceClear with
/// DeviceClearComplete clears; AsyncLock takes or releases the exclusive or a shared lock (shared with the
/// instrument's VXI-11 server through the ``LANLockTable``); AsyncMaximumMessageSize, AsyncLockInfo,
/// AsyncStatusQuery and AsyncRemoteLocalControl are answered. A message from a session without access while
/// another holds the lock waits for the lock to go.
public final class HiSLIPServer: Sendable {
    /// The TCP port.
    public let port: UInt16
    /// The sub-address clients must ask for, e.g. `hislip0`.
    public let device: String
    private let backend: any LANInstrumentBackend
    private let locks: LANLockTable
    private let server: ServerListener
    private let nextSession = Mutex<UInt16>(0)
    /// Sessions between AsyncDeviceClear and DeviceClearComplete: their synchronous messages and responses are
    /// discarded (IVI-6.1 device clear transaction), so that a client which reads the DeviceClearAcknowledge next finds it next.
    private let clearing = Mutex<Set<String>>([])
    /// Each session's asynchronous connection, so that a response waits while a clear may be pending on it.
    private let asynchronousDescriptors = Mutex<[String: Int32]>([:])
    private let responseTimeout: Duration
    /// The largest message this server accepts.
    public static let maximumMessageSize = 1 << 20

    /// Listens on `host:port` (0: a free port). `responseTimeout` bounds the wait for a query's response.
    public init(host: String = "127.0.0.1", port: UInt16 = 0, device: String = "hislip0", backend: any LANInstrumentBackend,
                locks: LANLockTable, responseTimeout: Duration = .seconds(30)) throws {
        let listener = try TCPListener(host: host, port: port)
        self.port = listener.port
        self.device = device
        self.backend = backend
        self.locks = locks
        self.responseTimeout = responseTimeout
        server = ServerListener(listener: listener)
        server.start(name: "hislip") { [self] descriptor in serve(descriptor) }
    }

    /// Stops listening and ends the connection threads.
    public func stop() { server.stop() }

    private func serve(_ descriptor: Int32) {
        var channel = HiSLIPServerChannel(descriptor: descriptor, isStopped: { [server] in server.isStopped })
        guard let first = channel.next() else { return }
        switch first.messageType {
        case .initialize:
            let subAddress = String(decoding: first.payload, as: UTF8.self)
            guard subAddress.isEmpty || subAddress.lowercased() == device.lowercased() else {
                channel.send(.error(code: 3, message: "no sub-address \(subAddress); this server is \(device)", fatal: true))
                return
            }
            let session = nextSession.withLock { next in
                next = next &+ 1
                return next
            }
            channel.send(.initializeResponse(overlapped: false, sessionID: session))
            serveSynchronous(&channel, owner: "hislip:\(session)")
        case .asyncInitialize:
            channel.send(.asyncInitializeResponse())
            serveAsynchronous(&channel, owner: "hislip:\(first.parameter & 0xFFFF)")
        default:
            channel.send(.error(code: 3, message: "the first message must be Initialize or AsyncInitialize", fatal: true))
        }
    }

    private func serveSynchronous(_ channel: inout HiSLIPServerChannel, owner: String) {
        defer { locks.release(owner) }
        var message: [UInt8] = []
        while let received = channel.next() {
            switch received.messageType {
            case .data:
                message += received.payload
            case .dataEnd:
                message += received.payload
                let complete = message
                message = []
                func cleared() -> Bool { clearing.withLock { $0.contains(owner) } }
                guard !cleared() else { continue }
                while !locks.waitForAccess(owner, timeout: .milliseconds(200)) {
                    if server.isStopped { return }
                }
                do { try backend.send(complete) } catch { continue }
                guard complete.contains(UInt8(ascii: "?")) else { continue }
                let deadline = ContinuousClock.now + responseTimeout
                var response: [UInt8] = []
                var end = false
                while !end, ContinuousClock.now < deadline, !server.isStopped, !cleared() {
                    guard let received = try? backend.receive(maxCount: Self.maximumMessageSize,
                                                              timeout: .milliseconds(200)) else { break }
                    response += received.bytes
                    end = received.end
                }
                waitWhileAsynchronousInputPending(owner, until: cleared)
                if end, !cleared() { channel.send(.data(response, messageID: received.parameter, end: true)) }
            case .deviceClearComplete:
                message = []
                clearing.withLock { _ = $0.remove(owner) }
                channel.send(.deviceClearAcknowledge(features: 0))
            case .trigger:
                continue
            default:
                channel.send(.error(code: 1, message: "unrecognized message type \(received.messageType)", fatal: false))
            }
        }
    }

    private func serveAsynchronous(_ channel: inout HiSLIPServerChannel, owner: String) {
        asynchronousDescriptors.withLock { $0[owner] = channel.descriptor }
        defer {
            asynchronousDescriptors.withLock { _ = $0.removeValue(forKey: owner) }
            locks.release(owner)
        }
        while let received = channel.next() {
            switch received.messageType {
            case .asyncLock where received.controlCode == 1:
                let name = String(decoding: received.payload, as: UTF8.self)
                let granted = locks.acquire(owner, sharedName: name.isEmpty ? nil : name,
                                            timeout: .milliseconds(Int64(received.parameter)))
                channel.send(.asyncLockResponse(granted ? .success : .failure))
            case .asyncLock:
                switch locks.release(owner) {
                case .exclusive: channel.send(.asyncLockResponse(.success))
                case .shared: channel.send(.asyncLockResponse(.successShared))
                case nil: channel.send(.asyncLockResponse(.error))
                }
            case .asyncLockInfo:
                let summary = locks.summary
                channel.send(HiSLIPMessage(.asyncLockInfoResponse, controlCode: summary.exclusive ? 1 : 0,
                                           parameter: UInt32(summary.owners)))
            case .asyncMaximumMessageSize:
                channel.send(.maximumMessageSize(UInt64(Self.maximumMessageSize), response: true))
            case .asyncDeviceClear:
                clearing.withLock { _ = $0.insert(owner) }
                backend.clear()
                channel.send(.asyncDeviceClearAcknowledge(features: 0))
            case .asyncStatusQuery:
                channel.send(HiSLIPMessage(.asyncStatusResponse, controlCode: 0))
            case .asyncRemoteLocalControl:
                channel.send(HiSLIPMessage(.asyncRemoteLocalResponse))
            default:
                channel.send(.error(code: 1, message: "unrecognized message type \(received.messageType)", fatal: false))
            }
        }
    }

    /// Gives the asynchronous channel's unread input (an AsyncDeviceClear sent right after the query) up to 100 ms
    /// to be handled before a response goes out.
    private func waitWhileAsynchronousInputPending(_ owner: String, until done: () -> Bool) {
        guard let descriptor = asynchronousDescriptors.withLock({ $0[owner] }) else { return }
        let deadline = ContinuousClock.now + .milliseconds(100)
        while ContinuousClock.now < deadline, !done() {
            var entry = pollfd(fd: descriptor, events: Int16(POLLIN), revents: 0)
            guard poll(&entry, 1, 0) > 0 else { return }
            ServerTiming.pause(milliseconds: 1)
        }
    }
}
