import Foundation
import Glibc
import StationLinks

/// Finds LAN instruments the way VISA libraries do: DNS-SD over mDNS for the LXI service types (`_lxi._tcp`,
/// `_vxi-11._tcp`, `_scpi-raw._tcp`, `_hislip._tcp`; RFC 6762/6763, queried from an ephemeral port so responders
/// answer by unicast) and a broadcast portmapper GETPORT for the VXI-11 core channel over UDP (RFC 1833), then
/// asks each one `*IDN?`. Traffic goes only to the chosen interface, and only while ``discover(timeout:interface:)``
/// runs.
public enum LANDiscovery {
    /// Why discovery could not run.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// What went wrong.
        public var description: String
    }

    /// Listens for `timeout` on `interface` (by name, e.g. `eth0`; `nil`: the first broadcast-capable interface)
    /// and returns what answered, each with its resource string and, where the instrument answers, its identity.
    public static func discover(timeout: Duration, interface: String?) async throws -> [DiscoveredLANInstrument] {
        let found: [DiscoveredLANInstrument] = try await withCheckedThrowingContinuation { continuation in
            let thread = Thread {
                continuation.resume(with: Result { try listen(timeout: timeout, interface: interface) })
            }
            thread.name = "lan-discovery"
            thread.start()
        }
        // Every answer is asked at once: an instrument that does not answer costs its timeout once, not per answer.
        return await withTaskGroup(of: (Int, String?).self) { group in
            for (index, instrument) in found.enumerated() {
                group.addTask { (index, await identity(of: instrument)) }
            }
            var identified = found
            for await (index, identity) in group { identified[index].identity = identity }
            return identified
        }
    }

    private static func listen(timeout: Duration, interface: String?) throws -> [DiscoveredLANInstrument] {
        guard let local = LANInterfaceAddress.find(interface) else {
            throw Failure(description: interface.map { "no IPv4 interface named \($0)" }
                ?? "no IPv4 interface that is up and can broadcast; name one with --interface")
        }
        let multicast = try udpSocket(local: local)
        defer { close(multicast) }
        var ttl: UInt8 = 255
        var loop: UInt8 = 1
        var outgoing = local.address
        setsockopt(multicast, Int32(IPPROTO_IP), IP_MULTICAST_IF, &outgoing, socklen_t(MemoryLayout<in_addr>.size))
        setsockopt(multicast, Int32(IPPROTO_IP), IP_MULTICAST_TTL, &ttl, 1)
        setsockopt(multicast, Int32(IPPROTO_IP), IP_MULTICAST_LOOP, &loop, 1)
        let query = DNSMessageCodec.query(id: 0x5153, pointerNames: LANServiceType.allCases.map(\.rawValue))
        send(multicast, query, to: "224.0.0.251", port: 5353)

        let broadcast = try udpSocket(local: local)
        defer { close(broadcast) }
        var one: Int32 = 1
        setsockopt(broadcast, SOL_SOCKET, SO_BROADCAST, &one, socklen_t(MemoryLayout<Int32>.size))
        let call = RPCCall(xid: 0x5153_0001, program: PortmapperMapping.program, version: PortmapperMapping.version,
                           procedure: PortmapperMapping.procedureGetPort,
                           arguments: PortmapperMapping(program: VXI11Program.deviceCore, version: VXI11Program.version).xdrEncoded())
        var broadcastAddress = local.broadcast ?? in_addr(s_addr: INADDR_BROADCAST)
        send(broadcast, call.encoded(), to: &broadcastAddress, port: PortmapperMapping.wellKnownPort)

        var found: [DiscoveredLANInstrument] = []
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            var entries = [pollfd(fd: multicast, events: Int16(POLLIN), revents: 0),
                           pollfd(fd: broadcast, events: Int16(POLLIN), revents: 0)]
            let left = Int32(clamping: Int64((deadline - ContinuousClock.now).clampedMilliseconds))
            guard poll(&entries, 2, max(1, left)) > 0 else { continue }
            if entries[0].revents != 0, let (bytes, source) = receive(multicast) {
                found += instruments(fromDNS: bytes, source: source)
            }
            if entries[1].revents != 0, let (bytes, source) = receive(broadcast),
               case .reply(let reply)? = try? RPCMessage(decoding: bytes), reply.xid == call.xid,
               case .success(let results) = reply.status, let port = try? XDRUnsigned(xdr: results),
               port.value > 0, port.value <= 65535 {
                found.append(DiscoveredLANInstrument(
                    method: "vxi11-broadcast", service: nil, name: nil, host: source, port: UInt16(port.value),
                    resource: LANServiceType.vxi11.resource(host: source, port: UInt16(port.value))))
            }
        }
        var seen = Set<String>()
        return found.filter { seen.insert($0.resource + "|" + $0.method).inserted }
    }

    /// The instruments one mDNS response announces: PTR → instance, SRV → host and port, A → address (else the
    /// response's source).
    static func instruments(fromDNS bytes: [UInt8], source: String) -> [DiscoveredLANInstrument] {
        guard let records = try? DNSMessageCodec.records(in: bytes) else { return [] }
        var results: [DiscoveredLANInstrument] = []
        for record in records {
            guard case .pointer(let instance) = record.data,
                  let service = LANServiceType.allCases.first(where: { $0.rawValue.lowercased() == record.name.lowercased() })
            else { continue }
            var port: UInt16 = service == .hislip ? 4880 : (service == .scpiRaw ? 5025 : 111)
            var host = source
            for candidate in records where candidate.name.lowercased() == instance.lowercased() {
                guard case .service(let target, let servicePort) = candidate.data else { continue }
                port = servicePort
                for address in records where address.name.lowercased() == target.lowercased() {
                    if case .address(let ipv4) = address.data { host = ipv4 }
                }
            }
            let name = instance.hasSuffix("." + record.name) ? String(instance.dropLast(record.name.count + 1)) : instance
            results.append(DiscoveredLANInstrument(
                method: "mdns", service: String(service.rawValue.dropLast(".local".count)), name: name, host: host,
                port: port, resource: service.resource(host: host, port: port)))
        }
        return results
    }

    /// `*IDN?` over the instrument's own protocol, within a second; `nil` when it does not answer.
    private static func identity(of instrument: DiscoveredLANInstrument) async -> String? {
        guard let resource = try? ResourceString(parsing: instrument.resource) else { return nil }
        let link: (any ByteLink)?
        switch resource {
        case .tcpSocket(_, let host, let port): link = try? await TCPLink.connect(host: host, port: port, timeout: .seconds(1))
        case .vxi11: link = try? await VXI11Link.open(resource, timeout: .seconds(1))
        case .hislip: link = try? await HiSLIPLink.open(resource, timeout: .seconds(1))
        default: link = nil
        }
        guard let link else { return nil }
        defer { Task { await link.close() } }
        guard (try? await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))) != nil,
              let reply = try? await link.read(until: 0x0A, maxCount: 1024, timeout: .seconds(1)) else { return nil }
        return String(decoding: reply, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
    }

    private static func udpSocket(local: LANInterfaceAddress) throws -> Int32 {
        let descriptor = socket(AF_INET, Int32(SOCK_DGRAM.rawValue | SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw Failure(description: "socket: \(ErrnoText.describe(errno))") }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr = local.address
        let bound = withUnsafePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
        }
        guard bound == 0 else {
            let code = errno
            close(descriptor)
            throw Failure(description: "bind to \(local.name): \(ErrnoText.describe(code))")
        }
        return descriptor
    }

    private static func send(_ descriptor: Int32, _ bytes: [UInt8], to host: String, port: UInt16) {
        var address = in_addr()
        guard inet_pton(AF_INET, host, &address) == 1 else { return }
        send(descriptor, bytes, to: &address, port: port)
    }

    private static func send(_ descriptor: Int32, _ bytes: [UInt8], to host: inout in_addr, port: UInt16) {
        var target = sockaddr_in()
        target.sin_family = sa_family_t(AF_INET)
        target.sin_port = port.bigEndian
        target.sin_addr = host
        _ = bytes.withUnsafeBytes { raw in
            withUnsafePointer(to: &target) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                    sendto(descriptor, raw.baseAddress, raw.count, 0, $0, socklen_t(MemoryLayout<sockaddr_in>.size))
                }
            }
        }
    }

    private static func receive(_ descriptor: Int32) -> ([UInt8], String)? {
        var buffer = [UInt8](repeating: 0, count: 9000)
        var source = sockaddr_in()
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let count = buffer.withUnsafeMutableBytes { raw in
            withUnsafeMutablePointer(to: &source) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { recvfrom(descriptor, raw.baseAddress, raw.count, 0, $0, &length) }
            }
        }
        guard count > 0 else { return nil }
        var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
        inet_ntop(AF_INET, &source.sin_addr, &text, socklen_t(INET_ADDRSTRLEN))
        return (Array(buffer.prefix(count)), String(cString: text))
    }
}
