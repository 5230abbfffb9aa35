import StationLinks

/// A HiSLIP instrument (`TCPIP0::host::hislip0[,port]::INSTR`) as a ``StationLinks/MessageLink``, so that every
/// SCPI driver works over it unchanged.
///
/// Opening connects the synchronous channel and sends Initialize with the sub-address, then connects the
/// asynchronous channel with AsyncInitialize and the session id, and agrees the maximum message size
/// (IVI-6.1 rev 2.0, Initialize transaction, AsyncInitialize transaction, AsyncMaximumMessageSize transaction). Writes are Data messages ending in DataEnd, each with the next message id;
/// reads take Data/DataEnd whose id answers the last message sent, and a DataEnd counts as the terminator.
public typealias HiSLIPLink = SessionLink<HiSLIPSession>

extension SessionLink where Session == HiSLIPSession {
    /// The session id the server assigned.
    public var sessionID: UInt16 { session.sessionID }

    /// Opens a `.hislip` resource on its port (4880 unless the resource names one).
    ///
    /// - Throws: ``StationLinks/LinkError`` when a connection fails, ``LANLinkError`` when the server answers with
    ///   an error or something other than the expected response.
    public static func open(_ resource: ResourceString, timeout: Duration) async throws -> HiSLIPLink {
        guard case .hislip(_, let host, let device, let givenPort) = resource else {
            throw LinkError(.cannotOpen(errno: 22), resource: resource.description, operation: "open",
                            detail: "a HiSLIP link needs a resource such as TCPIP0::host::hislip0::INSTR")
        }
        let port = givenPort ?? HiSLIPMessage.defaultPort
        let deadline = ContinuousClock.now + timeout
        let limit = 1 << 20
        let syncLink = try await TCPLink.connect(host: host, port: port, timeout: deadline.timeLeft, resource: resource)
        let synchronous = HiSLIPChannel(link: syncLink, host: host, device: device, maximumPayloadSize: limit)
        do {
            try await synchronous.send(.initialize(subAddress: device), timeout: deadline.timeLeft)
            let response = try await synchronous.receive(deadline: deadline, operation: "Initialize")
            guard response.messageType == .initializeResponse else {
                throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: "Initialize", code: 3,
                                   detail: "expected InitializeResponse, got \(response.messageType)")
            }
            let sessionID = response.parameterLow
            let asyncLink = try await TCPLink.connect(host: host, port: port, timeout: deadline.timeLeft,
                                                      resource: resource)
            let asynchronous = HiSLIPChannel(link: asyncLink, host: host, device: device, maximumPayloadSize: limit)
            do {
                try await asynchronous.send(.asyncInitialize(sessionID: sessionID), timeout: deadline.timeLeft)
                _ = try await asynchronous.receive(.asyncInitializeResponse, deadline: deadline, operation: "AsyncInitialize")
                try await asynchronous.send(.maximumMessageSize(UInt64(limit), response: false), timeout: deadline.timeLeft)
                let size = try await asynchronous.receive(.asyncMaximumMessageSizeResponse, deadline: deadline,
                                                          operation: "AsyncMaximumMessageSize")
                let serverLimit = Int(min(size.maximumMessageSize ?? UInt64(limit), UInt64(limit)))
                let session = HiSLIPSession(synchronous: synchronous, asynchronous: asynchronous,
                                            maximumMessageSize: max(64, serverLimit), host: host, device: device,
                                            resourceText: resource.description, sessionID: sessionID)
                return HiSLIPLink(resource: resource, session: session)
            } catch {
                await asyncLink.close()
                throw error
            }
        } catch {
            await syncLink.close()
            throw error
        }
    }
}
