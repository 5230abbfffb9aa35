import StationLinks
import Synchronization

/// A VXI-11 core channel (program 395183 v1, VXI-11 rev 1.0, DEVICE_CORE RPCL) in front of one instrument: create_link for its
/// device name, device_write (the message goes to the instrument at END), device_read (END on the last byte of a
/// response), device_clear, device_lock/device_unlock with waitlock and lock_timeout, destroy_link. Links of one
/// connection release their locks when it closes. Locks are shared with the instrument's HiSLIP server through
/// the ``LANLockTable``.
public final class VXI11Server: Sendable {
    /// The core channel's TCP port (what the portmapper maps program 395183 to).
    public let port: UInt16
    /// The device name clients must ask for, e.g. `inst0`.
    public let device: String
    private let backend: any LANInstrumentBackend
    private let locks: LANLockTable
    private let server: ServerListener
    private let nextLink = Mutex<Int32>(0)

    /// The largest device_write data accepted, announced in create_link's reply.
    public static let maximumReceiveSize: UInt32 = 1 << 20

    /// Listens on `host:port` (0: a free port).
    public init(host: String = "127.0.0.1", port: UInt16 = 0, device: String = "inst0", backend: any LANInstrumentBackend,
                locks: LANLockTable) throws {
        let listener = try TCPListener(host: host, port: port)
        self.port = listener.port
        self.device = device
        self.backend = backend
        self.locks = locks
        server = ServerListener(listener: listener)
        server.start(name: "vxi11-core") { [self] descriptor in serve(descriptor) }
    }

    /// The portmapper entry for this core channel.
    public var mapping: PortmapperMapping {
        PortmapperMapping(program: VXI11Program.deviceCore, version: VXI11Program.version, port: UInt32(port))
    }

    /// Stops listening and ends the connection threads.
    public func stop() { server.stop() }

    private func serve(_ descriptor: Int32) {
        var connection = RPCServerConnection(descriptor: descriptor, isStopped: { [server] in server.isStopped })
        var links: [Int32: [UInt8]] = [:]
        defer { for link in links.keys { locks.release(owner(link)) } }
        while let call = connection.nextCall() {
            let status: RPCReply.Status
            if call.program != VXI11Program.deviceCore {
                status = .programUnavailable
            } else if call.version != VXI11Program.version {
                status = .programMismatch(low: VXI11Program.version, high: VXI11Program.version)
            } else if let procedure = VXI11Program.Procedure(rawValue: call.procedure) {
                do {
                    status = .success(results: try handle(procedure, call.arguments, links: &links))
                } catch {
                    status = .garbageArguments
                }
            } else {
                status = .procedureUnavailable
            }
            guard connection.send(RPCReply(xid: call.xid, status: status)) else { return }
        }
    }

    private func owner(_ link: Int32) -> String { "vxi11:\(link)" }

    private func handle(_ procedure: VXI11Program.Procedure, _ arguments: [UInt8], links: inout [Int32: [UInt8]]) throws(XDRError) -> [UInt8] {
        func generic(_ error: VXI11ErrorCode) -> [UInt8] { VXI11DeviceError(error: error).xdrEncoded() }
        switch procedure {
        case .createLink:
            let parameters = try VXI11CreateLinkParameters(xdr: arguments)
            guard parameters.device.lowercased() == device.lowercased() else {
                return VXI11CreateLinkResponse(error: .deviceNotAccessible, link: 0, abortPort: 0, maximumReceiveSize: 0).xdrEncoded()
            }
            let link = nextLink.withLock { next in
                next += 1
                return next
            }
            if parameters.lockDevice, !locks.acquire(owner(link), timeout: .milliseconds(Int64(parameters.lockTimeout))) {
                return VXI11CreateLinkResponse(error: .deviceLocked, link: 0, abortPort: 0, maximumReceiveSize: 0).xdrEncoded()
            }
            links[link] = []
            return VXI11CreateLinkResponse(error: .noError, link: link, abortPort: 0, maximumReceiveSize: Self.maximumReceiveSize)
                .xdrEncoded()
        case .deviceWrite:
            let parameters = try VXI11DeviceWriteParameters(xdr: arguments)
            guard links[parameters.link] != nil else { return VXI11DeviceWriteResponse(error: .invalidLink, size: 0).xdrEncoded() }
            guard access(parameters.link, flags: parameters.flags, lockTimeout: parameters.lockTimeout) else {
                return VXI11DeviceWriteResponse(error: .deviceLocked, size: 0).xdrEncoded()
            }
            links[parameters.link, default: []] += parameters.data
            if parameters.flags.contains(.end) {
                let message = links[parameters.link] ?? []
                links[parameters.link] = []
                do { try backend.send(message) } catch {
                    return VXI11DeviceWriteResponse(error: .ioError, size: 0).xdrEncoded()
                }
            }
            return VXI11DeviceWriteResponse(error: .noError, size: UInt32(parameters.data.count)).xdrEncoded()
        case .deviceRead:
            let parameters = try VXI11DeviceReadParameters(xdr: arguments)
            guard links[parameters.link] != nil else {
                return VXI11DeviceReadResponse(error: .invalidLink, reason: [], data: []).xdrEncoded()
            }
            guard access(parameters.link, flags: parameters.flags, lockTimeout: parameters.lockTimeout) else {
                return VXI11DeviceReadResponse(error: .deviceLocked, reason: [], data: []).xdrEncoded()
            }
            let count = Int(max(1, min(parameters.requestSize, 1 << 20)))
            guard let received = try? backend.receive(maxCount: count, timeout: .milliseconds(Int64(parameters.ioTimeout))),
                  !received.bytes.isEmpty else {
                return VXI11DeviceReadResponse(error: .ioTimeout, reason: [], data: []).xdrEncoded()
            }
            let (bytes, end) = received
            var reason: VXI11ReadReason = []
            if end { reason.insert(.end) }
            if bytes.count == count { reason.insert(.requestCount) }
            if parameters.flags.contains(.termCharSet), bytes.last == parameters.termChar { reason.insert(.character) }
            return VXI11DeviceReadResponse(error: .noError, reason: reason, data: bytes).xdrEncoded()
        case .deviceClear:
            let parameters = try VXI11DeviceGenericParameters(xdr: arguments)
            guard links[parameters.link] != nil else { return generic(.invalidLink) }
            guard access(parameters.link, flags: parameters.flags, lockTimeout: parameters.lockTimeout) else { return generic(.deviceLocked) }
            links[parameters.link] = []
            backend.clear()
            return generic(.noError)
        case .deviceLock:
            let parameters = try VXI11DeviceLockParameters(xdr: arguments)
            guard links[parameters.link] != nil else { return generic(.invalidLink) }
            let wait: Duration = parameters.flags.contains(.waitLock) ? .milliseconds(Int64(parameters.lockTimeout)) : .zero
            return generic(locks.acquire(owner(parameters.link), timeout: wait) ? .noError : .deviceLocked)
        case .deviceUnlock:
            let parameters = try VXI11DeviceLink(xdr: arguments)
            guard links[parameters.link] != nil else { return generic(.invalidLink) }
            return generic(locks.release(owner(parameters.link)) == nil ? .noLockHeld : .noError)
        case .destroyLink:
            let parameters = try VXI11DeviceLink(xdr: arguments)
            guard links.removeValue(forKey: parameters.link) != nil else { return generic(.invalidLink) }
            locks.release(owner(parameters.link))
            return generic(.noError)
        case .deviceReadSTB:
            return VXI11ReadSTBResponse(error: .operationNotSupported, statusByte: 0).xdrEncoded()
        case .deviceTrigger, .deviceRemote, .deviceLocal:
            let parameters = try VXI11DeviceGenericParameters(xdr: arguments)
            guard links[parameters.link] != nil else { return generic(.invalidLink) }
            return generic(.noError)
        }
    }

    /// Whether `link` may use the device now, waiting up to lock_timeout when the call says waitlock.
    private func access(_ link: Int32, flags: VXI11Flags, lockTimeout: UInt32) -> Bool {
        if locks.mayAccess(owner(link)) { return true }
        guard flags.contains(.waitLock) else { return false }
        return locks.waitForAccess(owner(link), timeout: .milliseconds(Int64(lockTimeout)))
    }
}
