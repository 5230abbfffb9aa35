import Glibc
import InstrumentProtocols
import StationConfiguration
import StationLinks

/// What an SCPI endpoint needs, handed to the serving thread.
struct SCPIEndpointConfiguration: Sendable {
    /// The instrument family's model.
    let instrument: any SimulatedSCPIInstrument
    /// Where clients connect.
    let listener: TCPListener
    /// The shared world.
    let bench: SimulatedBench
    /// Injected faults.
    let faults: FaultPlan
    /// The system commands every SCPI instrument answers.
    let system: SystemPatterns
    /// The byte counts shared with the driver's end of the link.
    var ledger = LinkLedger()

    /// Header patterns of `SYST:ERR?`, `SYST:ERR:COUN?` and `SYST:VERS?`.
    struct SystemPatterns: Sendable {
        let errorNext: SCPIHeaderPattern
        let errorCount: SCPIHeaderPattern
        let version: SCPIHeaderPattern

        /// Compiles the patterns.
        init() throws(SCPIHeaderPatternError) {
            errorNext = try SCPIHeaderPattern("SYSTem:ERRor[:NEXT]?")
            errorCount = try SCPIHeaderPattern("SYSTem:ERRor:COUNt?")
            version = try SCPIHeaderPattern("SYSTem:VERSion?")
        }
    }
}

/// One SCPI instrument on a loopback TCP port, as a LAN instrument's raw socket (port 5025 style): newline-
/// terminated messages, only queries answer, one client at a time (a new connection replaces the old one).
///
/// It owns the instrument's IEEE 488.2 state (error queue, status registers), answers common commands and
/// `SYST:ERR?` itself, hands every other unit to the instrument model, and applies injected faults to replies.
/// Used only by the serving thread.
final class SCPIEndpoint {
    /// Longest message accepted without a terminator, bytes.
    static let maximumMessageBytes = 1 << 20

    let role: InstrumentRole
    private let configuration: SCPIEndpointConfiguration
    private var common: SCPICommonState
    private(set) var connection: Int32?
    private var inbox: [UInt8] = []
    private var requests: UInt64 = 0
    /// Replies held back by `delay-replies`, in order, each with the wall time it may go out.
    private var delayed: [(due: ContinuousClock.Instant, bytes: [UInt8])] = []
    private var rebootsSeen = 0

    init(_ configuration: SCPIEndpointConfiguration) {
        self.configuration = configuration
        role = configuration.instrument.role
        common = Self.powerOnState(configuration.instrument)
    }

    /// The IEEE 488.2 state of `instrument` at power-on.
    private static func powerOnState(_ instrument: any SimulatedSCPIInstrument) -> SCPICommonState {
        var state = SCPICommonState(identity: instrument.identity)
        state.commandLanguage = instrument.commandLanguage
        return state
    }

    /// Takes a waiting client, if any; it replaces the current one.
    func acceptPending() {
        guard let descriptor = try? configuration.listener.accept(timeout: .zero) else { return }
        // The new client may already have written requests: they are still to be served.
        closeConnection()
        connection = descriptor
        inbox.removeAll()
    }

    /// Reads what the client sent; a hangup or read failure drops the connection.
    func receive() {
        guard let connection else { return }
        do {
            let bytes = try DescriptorIO.readSome(connection, max: 65536, timeoutMilliseconds: 0)
            inbox += bytes
            if inbox.count > Self.maximumMessageBytes, !inbox.contains(0x0A) {
                inbox.removeAll()
                configuration.ledger.servedAll()
                common.report(SCPIStandardError.inputBufferOverrun.entry())
            }
        } catch {
            dropConnection()
        }
    }

    /// Complete messages received, without their terminators, in order.
    func takeMessages() -> [[UInt8]] {
        var messages: [[UInt8]] = []
        while let end = inbox.firstIndex(of: 0x0A) {
            messages.append(Array(inbox[..<end]))
            inbox.removeSubrange(...end)
        }
        return messages
    }

    /// Whether a message holds only commands (no query), so it can be served before queries that arrived
    /// at the same moment on other instruments.
    static func isCommandOnly(_ message: [UInt8]) -> Bool {
        !message.contains(UInt8(ascii: "?"))
    }

    /// Executes one message and sends its reply, if it has one and the faults let it through.
    func serve(_ message: [UInt8]) {
        requests += 1
        let ordinal = requests
        var delay = Duration.zero
        let reply: [UInt8]? = configuration.bench.access { world in
            let fate = configuration.faults.fate(role: role, at: world.time, ordinal: ordinal)
            guard fate != .silent else { return nil }
            let generation = world.rebootGenerations[role, default: 0]
            if generation != rebootsSeen {
                rebootsSeen = generation
                common = Self.powerOnState(configuration.instrument)
            }
            let replies = execute(message, in: &world)
            guard !replies.isEmpty else { return nil }
            var bytes: [UInt8] = []
            for (index, reply) in replies.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ";")) }
                bytes += reply.bytes
            }
            switch fate {
            case .drop:
                return nil
            case .garble:
                for position in configuration.faults.garblePositions(role: role, ordinal: ordinal, count: bytes.count) {
                    bytes[position] ^= 0x80
                }
            case .delay(let duration):
                delay = duration
            case .deliver, .silent, .corruptCRC:
                break
            }
            return bytes + [0x0A]
        }
        // The reply is counted before the request is served: a reader that sees the request served and no reply
        // bytes unread knows nothing is on its way. A reply held back by a delay-replies fault is on its way (a slow
        // instrument): the reader waits for it on the wall clock, up to its timeout, as it would on a real bench.
        defer { configuration.ledger.served(message.count + 1) }
        guard let reply, connection != nil else { return }
        configuration.ledger.replied(reply.count)
        // A real instrument answers in order: a reply never overtakes one that is still held back.
        if delay > .zero || !delayed.isEmpty {
            let due = max(ContinuousClock.now + delay, delayed.last?.due ?? ContinuousClock.now)
            delayed.append((due, reply))
            sendDueReplies()
            return
        }
        send(reply)
    }

    /// Sends the held-back replies whose time has come; the reactor calls it on every turn.
    func sendDueReplies() {
        let now = ContinuousClock.now
        while let first = delayed.first, first.due <= now {
            delayed.removeFirst()
            send(first.bytes)
        }
    }

    private func send(_ reply: [UInt8]) {
        guard let connection else { return }
        do {
            try DescriptorIO.writeAll(connection, reply, timeoutMilliseconds: 500)
        } catch {
            dropConnection()
        }
    }

    private func execute(_ message: [UInt8], in world: inout BenchWorld) -> [SCPIReply] {
        let parsed = SCPICommandParser.parse(bytes: message)
        var replies: [SCPIReply] = []
        for unit in parsed.units {
            if unit.isCommon {
                switch common.execute(unit) {
                case .reply(let text): replies.append(.text(text))
                case .reset: configuration.instrument.reset(&world)
                case .handled, .notCommon: break
                }
                continue
            }
            do throws(SCPICommandError) {
                if let reply = try executeSystem(unit) {
                    replies.append(reply)
                } else if let reply = try configuration.instrument.execute(unit, in: &world) {
                    replies.append(reply)
                }
            } catch {
                common.report(error)
            }
        }
        if let error = parsed.error { common.report(error) }
        return replies
    }

    /// `SYST:ERR?`, `SYST:ERR:COUN?` and `SYST:VERS?`, which every SCPI instrument answers the same way.
    private func executeSystem(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> SCPIReply? {
        if configuration.system.errorNext.matches(unit) {
            try SCPIArguments.noParameters(unit)
            return .text(common.nextErrorReply())
        }
        if configuration.system.errorCount.matches(unit) {
            try SCPIArguments.noParameters(unit)
            return .text(String(common.errorQueue.count))
        }
        if configuration.system.version.matches(unit) {
            try SCPIArguments.noParameters(unit)
            return .text("1999.0")
        }
        return nil
    }

    /// Closes the client connection, if any (it hung up or cannot be written): nothing sent on it is awaited.
    func dropConnection() {
        closeConnection()
        configuration.ledger.servedAll()
    }

    /// Closes the client connection and forgets its unread input.
    private func closeConnection() {
        if let connection { _ = Glibc.close(connection) }
        connection = nil
        inbox.removeAll()
        delayed.removeAll()
    }
}
