import InstrumentProtocols
import StationLinks

/// A conversation in vendor ASCII lines (Espec P-300, ThermoStream) with one instrument over any ``ByteLink``.
///
/// Each command is one line ended by the session's terminator; a reply is one line ended by LF (CR LF is
/// accepted) or, for a CR-terminated protocol, by CR. Exchanges are retried on glitches (a timeout, a garbled
/// or malformed reply) up to the policy's bound exactly as ``SCPISession`` retries them: each retry is reported
/// to the event sink, and exhausted retries become an ``InstrumentError`` of kind `.stationFault`.
public actor LineSession {
    /// The link the session talks over.
    public let link: any ByteLink
    /// The terminator written after each command.
    public let terminator: LineTerminator
    private let policy: RetryPolicy
    private let retry: ExchangeRetry

    /// The longest reply line accepted, bytes.
    public static let maximumReplyLength = 4096

    /// Creates a session on an open link.
    public init(
        link: any ByteLink, terminator: LineTerminator, role: String, driver: String, policy: RetryPolicy,
        events: @escaping InstrumentEventSink
    ) {
        self.link = link
        self.terminator = terminator
        self.policy = policy
        self.retry = ExchangeRetry(role: role, driver: driver, policy: policy, events: events)
    }

    /// Sends a command that has no reply.
    public func write(_ command: String) async throws {
        try await retry.run(command, link: link) {
            try await self.send(command)
        }
    }

    /// Sends a command and returns its reply line, trimmed of the terminator and surrounding spaces.
    public func query(_ command: String) async throws -> String {
        try await query(command) { $0 }
    }

    /// Sends a command and parses its reply; a reply that does not parse counts as a glitch and is retried when
    /// `parse` throws a ``ReplyParseError`` or an ``InstrumentError`` of kind `.malformedReply`.
    public func query<T: Sendable>(_ command: String, parse: @Sendable (String) throws -> T) async throws -> T {
        try await retry.run(command, link: link) {
            try await self.send(command)
            return try parse(try await self.readLine())
        }
    }

    /// Closes the link.
    public func close() async {
        await link.close()
    }

    private func send(_ command: String) async throws {
        try await link.write(try LineFraming.terminate(command, with: terminator), timeout: policy.timeout)
    }

    private func readLine() async throws -> String {
        let end: UInt8 = terminator == .cr ? 0x0D : 0x0A
        let bytes = try await link.read(until: end, maxCount: Self.maximumReplyLength, timeout: policy.timeout)
        let padding: Set<UInt8> = [0x0D, 0x0A, 0x20, 0x09, 0x00]
        guard let first = bytes.firstIndex(where: { !padding.contains($0) }),
            let last = bytes.lastIndex(where: { !padding.contains($0) })
        else { return "" }
        return String(decoding: bytes[first...last], as: UTF8.self)
    }
}
