import Foundation
import InstrumentProtocols
import StationLinks

/// A conversation in vendor ASCII lines (Espec P-300, ThermoStream) with one instrument over any ``ByteLink``.
///
/// Each command is one line ended by the session's terminator; a reply is one line ended by LF (CR LF is
/// accepted) or, for a CR-terminated protocol, by CR. Exchanges are retried on glitches (a timeout, a garbled
/// or malformed reply) up to the policy's bound exactly as ``SCPISession`` retries them: each retry is reported
/// to the event sink, and exhausted retries become an ``InstrumentError`` of kind `.stationFault`.
///
/// After such a glitch the session may be out of step (a late reply to the query that timed out still on its
/// way). With a ``LineSentinel`` it resynchronises before its next exchange: it drains its input, sends the
/// sentinel query and drops every line until one the sentinel recognises, so a late reply is never taken for a
/// later query's answer (instruments-audit.md, "Sessions"). Without one it waits for the line to fall quiet for
/// one reply timeout and drops what arrived.
public actor LineSession {
    /// The link the session talks over.
    public let link: any ByteLink
    /// The terminator written after each command.
    public let terminator: LineTerminator
    private let policy: RetryPolicy
    private let retry: ExchangeRetry
    private let sentinel: LineSentinel?
    private let role: String
    private let events: InstrumentEventSink
    /// Set by a glitch: the next exchange resynchronises first.
    private var outOfStep = false
    /// Sentinels sent by resynchronisations that timed out, whose answers are still to come. A sentinel's answer
    /// is not unique (every `*IDN?` answers the same), so each one sent must be matched before the session is in
    /// step: otherwise the answer to an earlier one would be read as the next query's answer.
    private var owedSentinels = 0

    /// The longest reply line accepted, bytes.
    public static let maximumReplyLength = 4096

    /// Creates a session on an open link.
    public init(
        link: any ByteLink, terminator: LineTerminator, role: String, driver: String, policy: RetryPolicy,
        events: @escaping InstrumentEventSink, sentinel: LineSentinel? = nil
    ) {
        self.link = link
        self.terminator = terminator
        self.policy = policy
        self.sentinel = sentinel
        self.role = role
        self.events = events
        self.retry = ExchangeRetry(role: role, driver: driver, policy: policy, events: events)
    }

    /// Sends a command that has no reply.
    public func write(_ command: String) async throws {
        try await retry.run(command) {
            try await self.inStep { try await self.send(command) }
        }
    }

    /// Sends a command and returns its reply line, trimmed of the terminator and surrounding spaces.
    public func query(_ command: String) async throws -> String {
        try await query(command) { $0 }
    }

    /// Sends a command and parses its reply; a reply that does not parse counts as a glitch and is retried when
    /// `parse` throws a ``ReplyParseError`` or an ``InstrumentError`` of kind `.malformedReply`.
    public func query<T: Sendable>(_ command: String, parse: @Sendable (String) throws -> T) async throws -> T {
        try await retry.run(command) {
            try await self.inStep {
                try await self.send(command)
                return try parse(try await self.readLine())
            }
        }
    }

    /// Runs one exchange, resynchronising first when a glitch left the session out of step.
    private func inStep<T: Sendable>(_ exchange: () async throws -> T) async throws -> T {
        if outOfStep { try await resynchronise() }
        do {
            return try await exchange()
        } catch {
            if RetryPolicy.mayLeaveReplyInFlight(error) { outOfStep = true }
            throw error
        }
    }

    /// Drains the input and drops late replies up to the answers of every sentinel sent (``SentinelDrain``), or,
    /// without a sentinel, until the line falls quiet.
    private func resynchronise() async throws {
        owedSentinels = try await SentinelDrain.prepare(link, owed: owedSentinels, quiet: policy.timeout)
        guard let sentinel else {
            _ = try? await link.readFrame(quietInterval: policy.timeout, maxCount: 1 << 16, timeout: policy.timeout)
            try await link.discardInput()
            outOfStep = false
            return
        }
        try await send(sentinel.query)
        let (dropped, owed) = try await SentinelDrain.read(
            link, end: terminator == .cr ? 0x0D : 0x0A, maxCount: Self.maximumReplyLength, timeout: policy.timeout,
            owed: owedSentinels + 1, isAnswer: sentinel.isAnswer)
        owedSentinels = owed
        guard owed == 0 else {
            throw LinkError(.timeout, resource: "\(link.resource)", operation: "resynchronise (\(sentinel.query))")
        }
        outOfStep = false
        events(InstrumentEvent(
            role: role, kind: .info, message: "resynchronised with \(sentinel.query): \(SentinelDrain.describe(dropped))"))
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
