import StationLinks

/// A VXI-11 instrument (`TCPIP0::host::inst0::INSTR`) as a ``StationLinks/MessageLink``, so that every SCPI driver
/// works over it unchanged.
///
/// Opening asks the host's portmapper (program 100000 v2, GETPORT) for the DEVICE_CORE port (program 395183 v1),
/// connects and calls create_link. Writes are device_write calls with END on the last block; reads are
/// device_read calls with the terminator as termChar, and a response's END counts as its terminator. Bytes past
/// the terminator stay buffered. Instrument errors are ``LANLinkError`` values naming host, device and VXI-11
/// error code; transport failures are ``StationLinks/LinkError``s. (VXI-11 rev 1.0, DEVICE_CORE RPCL.)
public typealias VXI11Link = SessionLink<VXI11Session>

extension SessionLink where Session == VXI11Session {
    /// The TCP port of the core channel, as the portmapper gave it.
    public var corePort: UInt16 { session.corePort }

    /// Opens a `.vxi11` resource: portmapper lookup on `portmapperPort` (111 unless a station file says otherwise),
    /// connection to the core channel, create_link.
    ///
    /// - Throws: ``StationLinks/LinkError`` when a connection fails, ``LANLinkError`` when the portmapper does not
    ///   know DEVICE_CORE or create_link is refused.
    public static func open(_ resource: ResourceString, portmapperPort: UInt16 = PortmapperMapping.wellKnownPort,
                            timeout: Duration) async throws -> VXI11Link {
        guard case .vxi11(_, let host, let device) = resource else {
            throw LinkError(.cannotOpen(errno: 22), resource: resource.description, operation: "open",
                            detail: "a VXI-11 link needs a resource such as TCPIP0::host::inst0::INSTR")
        }
        let deadline = ContinuousClock.now + timeout
        let portmapper = try await RPCClient.connect(host: host, port: portmapperPort, device: "portmapper",
                                                     timeout: deadline.timeLeft, resource: resource)
        let mapping = PortmapperMapping(program: VXI11Program.deviceCore, version: VXI11Program.version)
        let port: XDRUnsigned
        do {
            port = try await portmapper.call(
                program: PortmapperMapping.program, version: PortmapperMapping.version,
                procedure: PortmapperMapping.procedureGetPort, operation: "GETPORT", protocolName: .portmapper,
                arguments: mapping, timeout: deadline.timeLeft, returning: XDRUnsigned.self)
        } catch {
            await portmapper.close()
            throw error
        }
        await portmapper.close()
        guard port.value > 0, port.value <= UInt32(UInt16.max) else {
            throw LANLinkError(host: host, device: device, protocolName: .portmapper, operation: "GETPORT",
                               code: Int32(bitPattern: port.value),
                               detail: "the portmapper on port \(portmapperPort) knows no VXI-11 core channel (program 395183 v1)")
        }
        let core = try await RPCClient.connect(host: host, port: UInt16(port.value), device: device, timeout: deadline.timeLeft,
                                               resource: resource)
        let parameters = VXI11CreateLinkParameters(clientID: Int32.random(in: 1...0x7FFF), lockDevice: false,
                                                   lockTimeout: 0, device: device)
        let reply: VXI11CreateLinkResponse
        do {
            reply = try await core.call(
                program: VXI11Program.deviceCore, version: VXI11Program.version,
                procedure: VXI11Program.Procedure.createLink.rawValue, operation: "create_link", protocolName: .vxi11,
                arguments: parameters, timeout: deadline.timeLeft, returning: VXI11CreateLinkResponse.self)
        } catch {
            await core.close()
            throw error
        }
        guard reply.error == .noError else {
            await core.close()
            throw LANLinkError(host: host, device: device, protocolName: .vxi11, operation: "create_link",
                               code: reply.error.rawValue, detail: reply.error.description)
        }
        let session = VXI11Session(core: core, linkID: reply.link,
                                   maximumReceiveSize: Int(max(64, min(reply.maximumReceiveSize, 1 << 20))),
                                   host: host, device: device, resourceText: resource.description,
                                   corePort: UInt16(port.value))
        return VXI11Link(resource: resource, session: session)
    }
}
