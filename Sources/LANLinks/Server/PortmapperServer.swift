import StationLinks

/// A portmapper (program 100000 v2, RFC 1833) over TCP that answers GETPORT for the programs it was given and
/// NULL; every other procedure gets PROC_UNAVAIL. It serves the simulators' VXI-11 core channels.
public final class PortmapperServer: Sendable {
    /// The port it listens on (111 when it could bind it).
    public let port: UInt16
    private let server: ServerListener
    private let mappings: [PortmapperMapping]

    /// Listens on `host:port` (port 0: a free port) and registers `mappings`.
    /// - Throws: ``StationLinks/LinkError`` `.cannotOpen` when the port cannot be bound (e.g. 111 without root).
    public init(host: String = "127.0.0.1", port: UInt16, mappings: [PortmapperMapping]) throws {
        let listener = try TCPListener(host: host, port: port)
        self.port = listener.port
        self.mappings = mappings
        server = ServerListener(listener: listener)
        server.start(name: "portmapper") { [self] descriptor in serve(descriptor) }
    }

    /// Listens on 111 when it can, else on a free port.
    public static func preferringWellKnownPort(host: String = "127.0.0.1", mappings: [PortmapperMapping]) throws -> PortmapperServer {
        if let server = try? PortmapperServer(host: host, port: PortmapperMapping.wellKnownPort, mappings: mappings) {
            return server
        }
        return try PortmapperServer(host: host, port: 0, mappings: mappings)
    }

    /// Stops listening and ends the connection threads.
    public func stop() { server.stop() }

    /// GETPORT's answer for `query`: the registered port, 0 when the program is not registered.
    public func port(for query: PortmapperMapping) -> UInt32 {
        mappings.first { $0.program == query.program && $0.version == query.version && $0.protocolNumber == query.protocolNumber }?
            .port ?? 0
    }

    private func serve(_ descriptor: Int32) {
        var connection = RPCServerConnection(descriptor: descriptor, isStopped: { [server] in server.isStopped })
        while let call = connection.nextCall() {
            let status: RPCReply.Status
            if call.program != PortmapperMapping.program {
                status = .programUnavailable
            } else if call.version != PortmapperMapping.version {
                status = .programMismatch(low: PortmapperMapping.version, high: PortmapperMapping.version)
            } else if call.procedure == PortmapperMapping.procedureNull {
                status = .success(results: [])
            } else if call.procedure == PortmapperMapping.procedureGetPort {
                if let query = try? PortmapperMapping(xdr: call.arguments) {
                    status = .success(results: XDRUnsigned(port(for: query)).xdrEncoded())
                } else {
                    status = .garbageArguments
                }
            } else {
                status = .procedureUnavailable
            }
            guard connection.send(RPCReply(xid: call.xid, status: status)) else { return }
        }
    }
}
