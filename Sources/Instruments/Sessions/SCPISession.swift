import Foundation
import InstrumentProtocols
import StationLinks

/// An IEEE 488.2 / SCPI conversation with one instrument over any ``ByteLink``.
///
/// Queries are retried on glitches (a timeout, a garbled or malformed reply) up to the policy's bound; each retry
/// is reported to the event sink, and exhausted retries become an ``InstrumentError`` of kind `.stationFault`.
public actor SCPISession {
    /// The link the session talks over.
    public let link: any ByteLink
    private let policy: RetryPolicy
    private let terminator: [UInt8] = [0x0A]
    private let retry: ExchangeRetry

    /// Creates a session on an open link.
    public init(link: any ByteLink, role: String, driver: String, policy: RetryPolicy, events: @escaping InstrumentEventSink) {
        self.link = link
        self.policy = policy
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
        try await retry.run(command, link: link, operation)
    }
}
