import Glibc
import InstrumentProtocols
import StationConfiguration
import StationLinks

/// Where a line instrument is served.
enum LineTransport: Sendable {
    /// A loopback TCP port, as a LAN instrument or serial-to-LAN bridge: one client at a time, a new connection
    /// replaces the old one.
    case tcp(TCPListener)
    /// A pseudo-terminal's controller side; its device side is the instrument's serial port.
    case terminal(PseudoTerminal)
}

/// What a line endpoint needs, handed to the serving thread.
struct LineEndpointConfiguration: Sendable {
    /// The instrument family's model at power-on.
    let instrument: any SimulatedLineInstrument
    /// Where clients connect.
    let transport: LineTransport
    /// The shared world.
    let bench: SimulatedBench
    /// Injected faults.
    let faults: FaultPlan
    /// The byte counts shared with the driver's end of the link.
    var ledger = LinkLedger()
}

/// One vendor-ASCII instrument on a loopback TCP port or a pseudo-terminal: LF-terminated lines in (a CR before
/// the LF is dropped, so CR LF works too), one reply line out per query, written with the family's terminator.
///
/// Lines are served one at a time in the order received, as the instruments do. A reply the model holds until a
/// measurement window has run (``LineReply/notBefore``, wall clock only) delays every later line of the same
/// client. Injected faults apply per received line: silence ignores it, a dropped reply is executed but never
/// sent, a garbled reply has bit 7 flipped in its first byte and one more. Used only by the serving thread.
final class LineEndpoint {
    /// Longest line accepted without a terminator, bytes; more is discarded.
    static let maximumLineBytes = 65_536
    /// How long to leave a pseudo-terminal out of the poll set after it reported that no client has it open.
    static let hangupPause = Duration.milliseconds(10)

    /// The station role served.
    let role: InstrumentRole
    private let configuration: LineEndpointConfiguration
    private var instrument: any SimulatedLineInstrument
    private var connection: Int32?
    private var pausedUntil: ContinuousClock.Instant?
    private var inbox: [UInt8] = []
    /// Received lines not yet served, with the bytes each took on the wire (terminator included).
    private var backlog: [(line: String, wireBytes: Int)] = []
    private var held: (bytes: [UInt8], due: Double)?
    private var requests: UInt64 = 0
    /// The reboot generation the model was last powered on for; nil until the first request powers it on.
    private var rebootsSeen: Int?

    init(_ configuration: LineEndpointConfiguration) {
        self.configuration = configuration
        instrument = configuration.instrument
        role = configuration.instrument.role
    }

    /// Whether a received line is a setting rather than a query, so it can be applied before queries that
    /// arrived at the same moment on other instruments.
    static func isSetting(_ line: String) -> Bool {
        !line.contains("?")
    }

    /// The descriptor to poll: the TCP client, or the terminal unless pausing after a hangup.
    var pollDescriptor: Int32? {
        switch configuration.transport {
        case .tcp:
            return connection
        case .terminal(let terminal):
            if let pausedUntil, ContinuousClock.now < pausedUntil { return nil }
            return terminal.controllerDescriptor
        }
    }

    /// Takes a waiting TCP client, if any; it replaces the current one.
    func acceptPending() {
        guard case .tcp(let listener) = configuration.transport,
            let descriptor = try? listener.accept(timeout: .zero)
        else { return }
        dropConnection()
        connection = descriptor
    }

    /// Reads what the client sent and splits it into lines. A TCP hangup drops the client; a terminal without
    /// a client pauses polling briefly and forgets partial input.
    func receive() {
        guard let descriptor = pollDescriptor else { return }
        do {
            inbox += try DescriptorIO.readSome(descriptor, max: 65536, timeoutMilliseconds: 0)
            pausedUntil = nil
        } catch {
            switch configuration.transport {
            case .tcp:
                dropConnection()
            case .terminal:
                forgetInput()
                pausedUntil = .now + Self.hangupPause
            }
            return
        }
        let endsOnCR = instrument.inputEndsOnCarriageReturn
        while let end = inbox.firstIndex(where: { $0 == 0x0A || endsOnCR && $0 == 0x0D }) {
            var line = Array(inbox[..<end])
            if line.last == 0x0D { line.removeLast() }
            inbox.removeSubrange(...end)
            // With CR as the end of a line, the LF of a CR LF pair leaves an empty line behind: not a command
            // (its byte is served at once, so the link's ledger still balances).
            if endsOnCR && line.isEmpty {
                configuration.ledger.served(end + 1)
                continue
            }
            backlog.append((String(decoding: line, as: UTF8.self), end + 1))
        }
        if inbox.count > Self.maximumLineBytes {
            configuration.ledger.served(inbox.count)
            inbox.removeAll()
        }
    }

    /// Serves the settings at the head of the backlog, unless a reply is being held.
    func serveSettings() {
        while held == nil, let first = backlog.first, Self.isSetting(first.line) {
            backlog.removeFirst()
            serve(first)
        }
    }

    /// Sends a held reply once its time has come, then serves the rest of the backlog in order.
    func serveAll() {
        if let waiting = held {
            guard configuration.bench.benchSeconds >= waiting.due else { return }
            held = nil
            send(waiting.bytes)
        }
        while held == nil, !backlog.isEmpty {
            serve(backlog.removeFirst())
        }
    }

    /// Closes the TCP client, if any, and forgets its input.
    func dropConnection() {
        if let connection { _ = Glibc.close(connection) }
        connection = nil
        forgetInput()
    }

    private func forgetInput() {
        inbox.removeAll()
        backlog.removeAll()
        held = nil
        configuration.ledger.servedAll()
    }

    /// Executes one line and sends (or holds) its reply, if it has one and the faults let it through. The reply is
    /// counted before the line is served, so a reader that sees every request byte served and every reply byte read
    /// knows nothing is on its way.
    private func serve(_ received: (line: String, wireBytes: Int)) {
        defer { configuration.ledger.served(received.wireBytes) }
        let line = received.line
        requests += 1
        let ordinal = requests
        let role = role
        let faults = configuration.faults
        let outcome: (bytes: [UInt8], due: Double?)? = configuration.bench.access { world in
            let fate = faults.fate(role: role, at: world.time, ordinal: ordinal)
            guard fate != .silent else { return nil }
            let generation = world.rebootGenerations[role, default: 0]
            if generation != rebootsSeen {
                rebootsSeen = generation
                instrument.powerOn(in: world)
            }
            guard let reply = instrument.respond(to: line, in: &world) else { return nil }
            var bytes = Array(reply.text.utf8)
            switch fate {
            case .drop:
                return nil
            case .garble:
                for position in faults.garblePositions(role: role, ordinal: ordinal, count: bytes.count) {
                    bytes[position] ^= 0x80
                }
            case .deliver, .silent, .corruptCRC, .delay:
                break
            }
            return (bytes + instrument.terminator.bytes, reply.notBefore)
        }
        guard let outcome else { return }
        if let due = outcome.due, !configuration.bench.clock.isVirtual, due > configuration.bench.benchSeconds {
            held = (outcome.bytes, due)
            return
        }
        send(outcome.bytes)
    }

    private func send(_ bytes: [UInt8]) {
        switch configuration.transport {
        case .tcp:
            guard let connection else { return }
            configuration.ledger.replied(bytes.count)
            do {
                try DescriptorIO.writeAll(connection, bytes, timeoutMilliseconds: 500)
            } catch {
                dropConnection()
            }
        case .terminal(let terminal):
            configuration.ledger.replied(bytes.count)
            try? terminal.write(bytes, timeoutMilliseconds: 500)
        }
    }
}
