import Foundation
import InstrumentProtocols
import StationLinks
import USBLinks

/// An IEEE 488.2 / SCPI conversation with one instrument over any ``ByteLink``.
///
/// Queries are retried on glitches (a timeout, a garbled or malformed reply) up to the policy's bound; each retry
/// is reported to the event sink, and exhausted retries become an ``InstrumentError`` of kind `.stationFault`.
///
/// After any such glitch the session is out of step: the instrument may still answer the query that timed out.
/// Before its next exchange (the retry, or the next command) it resynchronises as ``SCPIResynchronisation``
/// describes, so a late reply is never taken for the answer to a later query.
public actor SCPISession {
    /// The link the session talks over.
    public let link: any ByteLink
    private let policy: RetryPolicy
    private let terminator: [UInt8] = [0x0A]
    private let retry: ExchangeRetry
    private let resynchronisation: SCPIResynchronisation
    private let role: String
    private let events: InstrumentEventSink
    /// Set by a glitch: the next exchange resynchronises first.
    private var outOfStep = false
    /// The tag of the last resynchronisation's sentinel, 1…255.
    private var tag = 0
    /// Sentinels sent by resynchronisations that timed out, whose answers are still to come (a tagged echo counts
    /// as one, so input is not discarded unread while it may still arrive).
    private var owedSentinels = 0

    /// Creates a session on an open link; `resynchronisation` is how it gets back in step after a glitch.
    public init(
        link: any ByteLink, role: String, driver: String, policy: RetryPolicy, events: @escaping InstrumentEventSink,
        resynchronisation: SCPIResynchronisation = .clearAndOperationComplete
    ) {
        self.link = link
        self.policy = policy
        self.role = role
        self.events = events
        self.resynchronisation = resynchronisation
        self.retry = ExchangeRetry(role: role, driver: driver, policy: policy, events: events)
    }

    /// Sends a command that has no reply.
    public func write(_ command: String) async throws {
        try await attempt(command) {
            try await self.send(command)
        }
    }

    /// Sends a query and returns the reply line without its terminator.
    public func query(_ command: String) async throws -> String {
        try await query(command) { $0 }
    }

    /// Sends a query and parses the reply; a reply that does not parse counts as a glitch and is retried.
    public func query<T: Sendable>(_ command: String, parse: @Sendable (String) throws -> T) async throws -> T {
        try await attempt(command) {
            try await self.send(command)
            let bytes = try await self.link.read(until: 0x0A, maxCount: 1 << 20, timeout: self.policy.timeout)
            let text = String(decoding: bytes, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            return try parse(text)
        }
    }

    /// Sends a query whose reply is a definite-length block and returns the block's payload.
    public func queryBlock(_ command: String) async throws -> [UInt8] {
        try await attempt(command) {
            try await self.send(command)
            let timeout = self.policy.timeout
            let head = try await self.link.read(exactly: 2, timeout: timeout)
            guard head[0] == UInt8(ascii: "#"), let digits = Int(String(UnicodeScalar(head[1]))), digits > 0 else {
                throw ReplyParseError(command: command, expected: "a definite-length block (#<n><len><data>)", reply: HexDump.render(head))
            }
            let lengthBytes = try await self.link.read(exactly: digits, timeout: timeout)
            guard let length = Int(String(decoding: lengthBytes, as: UTF8.self)) else {
                throw ReplyParseError(
                    command: command, expected: "block length digits", reply: HexDump.render(head + lengthBytes))
            }
            let payload = try await self.link.read(exactly: length, timeout: timeout)
            _ = try await self.link.read(until: 0x0A, maxCount: 16, timeout: timeout)
            return payload
        }
    }

    /// Sends a configuration command, then drains the error queue; a device error is thrown with the command.
    public func configure(_ command: String) async throws {
        try await write(command)
        try await checkErrors(after: command)
    }

    /// Reads `SYST:ERR?` until the queue is empty; throws the first device error, naming `command`.
    public func checkErrors(after command: String) async throws {
        var first: SCPIErrorEntry?
        for _ in 0..<32 {
            let entry = try await query("SYST:ERR?") { reply in
                do {
                    return try SCPIErrorEntry(reply: reply)
                } catch {
                    throw ReplyParseError(command: "SYST:ERR?", expected: "<code>,\"<text>\"", reply: reply)
                }
            }
            if entry.isNoError { break }
            if first == nil { first = entry }
        }
        if let first {
            throw SCPIDeviceError(command: command, entry: first)
        }
    }

    /// Waits for pending operations with `*OPC?`.
    public func synchronize() async throws {
        _ = try await query("*OPC?") { reply in
            guard reply == "1" else { throw ReplyParseError(command: "*OPC?", expected: "1", reply: reply) }
            return true
        }
    }

    /// Asks `*IDN?` and parses the reply.
    public func identify() async throws -> InstrumentIdentity {
        try await query("*IDN?") { reply in
            do {
                return try InstrumentIdentity(idnReply: reply)
            } catch {
                throw ReplyParseError(command: "*IDN?", expected: "maker,model,serial,firmware", reply: reply)
            }
        }
    }

    /// Closes the link.
    public func close() async {
        await link.close()
    }

    private func send(_ command: String) async throws {
        try await link.write(Array(command.utf8) + terminator, timeout: policy.timeout)
    }

    private func attempt<T: Sendable>(_ command: String, _ operation: () async throws -> T) async throws -> T {
        try await retry.run(command) {
            if self.outOfStep { try await self.resynchronise() }
            do {
                return try await operation()
            } catch {
                if RetryPolicy.mayLeaveReplyInFlight(error) { self.outOfStep = true }
                throw error
            }
        }
    }

    /// Drains the input and proves with a round trip whose answer cannot be mistaken that no late reply is still
    /// on its way.
    ///
    /// The sentinel's answer is unique to this resynchronisation: `*ESE <a>;*ESE?;*ESE <b>;*ESE?` echoes a pair of
    /// tags, `a;b`, that changes every time and that no single late answer (a `0` or `1` above all) can match (IEEE 488.2 mandatory common commands; the event status enable register only masks the status
    /// byte's summary bit, which no driver uses, and is set back to 0, its power-on value, afterwards). Every line
    /// before the echo is a late reply and is dropped, including the answers to sentinels of earlier attempts that
    /// timed out, so neither a late reply nor a stale sentinel is ever taken for the answer to the next query, and
    /// a sentinel lost on the way (a dropped or garbled reply) costs one attempt, not the session. Throws (a
    /// timeout, so the exchange is retried and the session stays out of step) when the echo does not arrive within
    /// the reply timeout.
    ///
    /// `*IDN?` (``SCPIResynchronisation/identify``) answers the same every time, so there each sentinel sent is
    /// counted, and the session is in step only once every one has been answered (input is then not discarded
    /// unread while any is owed); after ``SentinelDrain/maximumOwed`` unanswered it drains the line until quiet.
    private func resynchronise() async throws {
        owedSentinels = try await SentinelDrain.prepare(link, owed: owedSentinels, quiet: policy.timeout)
        if let usb = link as? USBTMCLink, resynchronisation == .clearAndOperationComplete {
            try await usb.clear(timeout: policy.timeout)
            outOfStep = false
            events(InstrumentEvent(role: role, kind: .info, message: "resynchronised: device clear"))
            return
        }
        let sentinel: String
        let isAnswer: @Sendable (String) -> Bool
        let owedBefore: Int
        switch resynchronisation {
        case .clearAndOperationComplete:
            tag = tag % 253 + 1
            // Two values from 2...254 answered together ("a;b"): a late reply is one answer, and never "0" or "1"
            // (a single tag of 1 was once the late `:OUTP?` answer itself, found by the reliability campaign).
            let expected = [2 + tag % 253, 2 + (tag * 101 + 57) % 253]
            try await send("*CLS")
            sentinel = "*ESE \(expected[0]);*ESE?;*ESE \(expected[1]);*ESE?"
            isAnswer = { $0.split(separator: ";").map { Int($0.trimmingCharacters(in: .whitespaces)) } == expected }
            // A tagged echo is unique: earlier sentinels' echoes are dropped as late replies, not counted.
            owedBefore = 0
        case .identify:
            sentinel = "*IDN?"
            isAnswer = LineSentinel.identify.isAnswer
            owedBefore = owedSentinels
        }
        try await send(sentinel)
        let (dropped, owed) = try await SentinelDrain.read(
            link, end: 0x0A, maxCount: 1 << 20, timeout: policy.timeout, owed: owedBefore + 1, isAnswer: isAnswer)
        owedSentinels = resynchronisation == .identify ? owed : min(owed, 1)
        guard owed == 0 else {
            throw LinkError(.timeout, resource: "\(link.resource)", operation: "resynchronise (\(sentinel))")
        }
        if resynchronisation == .clearAndOperationComplete { try await send("*ESE 0") }
        outOfStep = false
        events(InstrumentEvent(role: role, kind: .info, message: "resynchronised with \(sentinel): \(SentinelDrain.describe(dropped))"))
    }
}
