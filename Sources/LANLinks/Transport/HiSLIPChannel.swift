import StationLinks

/// Reads and writes whole HiSLIP messages on one TCP connection (IVI-6.1 message format): a 16-byte header, then the
/// payload, which may not exceed `maximumPayloadSize`.
struct HiSLIPChannel: Sendable {
    let link: TCPLink
    let host: String
    let device: String
    let maximumPayloadSize: Int

    func send(_ message: HiSLIPMessage, timeout: Duration) async throws {
        try await link.write(message.encoded(), timeout: timeout)
    }

    func receive(deadline: ContinuousClock.Instant, operation: String) async throws -> HiSLIPMessage {
        let headerBytes = try await link.read(exactly: HiSLIPHeader.size, timeout: deadline.timeLeft)
        let header: HiSLIPHeader
        do { header = try HiSLIPHeader(decoding: headerBytes[...]) } catch {
            throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: operation, code: 1,
                               detail: "poorly formed message header: \(error)")
        }
        guard header.payloadLength <= UInt64(maximumPayloadSize) else {
            throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: operation, code: 4,
                               detail: HiSLIPDecodingError.payloadTooLarge(length: header.payloadLength, limit: maximumPayloadSize).description)
        }
        let length = Int(header.payloadLength)
        let payload = length == 0 ? [] : try await link.read(exactly: length, timeout: deadline.timeLeft)
        let message = HiSLIPMessage(header.messageType, controlCode: header.controlCode, parameter: header.parameter, payload: payload)
        if message.messageType == .fatalError || message.messageType == .error {
            throw LANLinkError(host: host, device: device, protocolName: .hislip, operation: operation,
                               code: Int32(message.controlCode),
                               detail: "the server sent \(message.messageType): \(String(decoding: payload, as: UTF8.self))")
        }
        return message
    }

    /// Receives until a message of `type` arrives, skipping others (stale Data after a clear).
    func receive(_ type: HiSLIPMessageType, deadline: ContinuousClock.Instant, operation: String) async throws -> HiSLIPMessage {
        while true {
            let message = try await receive(deadline: deadline, operation: operation)
            if message.messageType == type { return message }
        }
    }
}
