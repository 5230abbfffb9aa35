import Foundation
import Glibc
import InstrumentProtocols
import Instruments
import StationLinks
import Synchronization

/// What a peer does with one received line.
enum PeerAnswer: Sendable, Equatable {
    /// Sends the text followed by the peer's reply terminator.
    case reply(String)
    /// Sends nothing (a setting, or an instrument that stopped answering).
    case silent
}

/// The far side of a driver's real link: a pseudo-terminal's controller side or a loopback TCP connection,
/// served on a Foundation thread (never on the cooperative pool). It frames received bytes into lines (LF, with
/// an optional CR before it), records them, and answers each with `handler`.
final class ProtocolPeer: Sendable {
    /// Which kind of link the driver opens.
    enum Transport: Sendable {
        /// A pseudo-terminal; the driver opens its device side with a ``SerialLink``.
        case serial
        /// A TCP listener on 127.0.0.1, port chosen by the system; the driver connects with a ``TCPLink``.
        case tcp
    }

    /// Where the driver connects.
    let resource: ResourceString
    private let terminal: PseudoTerminal?
    private let listener: TCPListener?
    private let replyTerminator: [UInt8]
    private let handler: @Sendable (String) -> PeerAnswer
    private let state = Mutex<(lines: [String], bytes: [UInt8], stopped: Bool)>(([], [], false))

    /// Starts a peer; `replyTerminator` ends every reply (`"\r\n"` for Espec, `"\n"` otherwise).
    init(
        _ transport: Transport, replyTerminator: String = "\n", handler: @escaping @Sendable (String) -> PeerAnswer
    ) throws {
        self.replyTerminator = Array(replyTerminator.utf8)
        self.handler = handler
        switch transport {
        case .serial:
            let terminal = try PseudoTerminal.open()
            self.terminal = terminal
            self.listener = nil
            self.resource = terminal.resource
        case .tcp:
            let listener = try TCPListener()
            self.listener = listener
            self.terminal = nil
            self.resource = listener.resource
        }
        Thread { [self] in serve() }.start()
    }

    /// Lines received so far, without terminators.
    var lines: [String] { state.withLock { $0.lines } }

    /// Bytes received so far, terminators included.
    var received: [UInt8] { state.withLock { $0.bytes } }

    /// Waits until at least `count` lines have arrived (or two seconds passed) and returns the lines.
    func waitForLines(_ count: Int) async throws -> [String] {
        let deadline = ContinuousClock.now + .seconds(2)
        while lines.count < count, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(5))
        }
        return lines
    }

    /// Stops serving and closes the peer's side.
    func stop() {
        let first = state.withLock { state -> Bool in
            defer { state.stopped = true }
            return !state.stopped
        }
        guard first else { return }
        terminal?.close()
        listener?.close()
    }

    private var stopped: Bool { state.withLock { $0.stopped } }

    private func serve() {
        if let terminal {
            serve(read: { try terminal.read(max: 4096, timeoutMilliseconds: 50) }, write: { try terminal.write($0) })
            return
        }
        guard let listener else { return }
        while !stopped {
            guard let connection = try? listener.accept(timeout: .milliseconds(200)) else { continue }
            serve(
                read: { try DescriptorIO.readSome(connection, max: 4096, timeoutMilliseconds: 50) },
                write: { try DescriptorIO.writeAll(connection, $0) })
            Glibc.close(connection)
        }
    }

    /// Serves one connection until it ends or the peer stops.
    private func serve(read: () throws -> [UInt8], write: ([UInt8]) throws -> Void) {
        var framer = LineFramer(delimiter: .lineFeed)
        while !stopped {
            guard let bytes = try? read() else { return }
            state.withLock { $0.bytes += bytes }
            framer.append(bytes)
            while let line = try? framer.nextLine() {
                state.withLock { $0.lines.append(line) }
                if case .reply(let text) = handler(line) {
                    guard (try? write(Array(text.utf8) + replyTerminator)) != nil else { return }
                }
            }
        }
    }
}

/// Collects the events a driver's session reports.
final class EventLog: Sendable {
    private let events = Mutex<[InstrumentEvent]>([])

    /// The sink to hand to the factory.
    var sink: InstrumentEventSink { { [self] event in events.withLock { $0.append(event) } } }

    /// Events so far.
    var all: [InstrumentEvent] { events.withLock { $0 } }

    /// Events of one kind so far.
    func of(_ kind: InstrumentEvent.Kind) -> [InstrumentEvent] { all.filter { $0.kind == kind } }
}

/// Retries the tests' sessions make before a station fault.
let testRetries = 2
/// Reply timeout for tests where the peer answers: generous, so a loaded machine causes no retries.
let answeredTimeout = Duration.seconds(2)
/// Reply timeout for tests where the peer stays silent, so the retries run out quickly.
let silentTimeout = Duration.milliseconds(300)

/// The configuration for driver `name` talking to `peer`.
func testConfiguration(
    _ name: String, peer: ProtocolPeer, timeout: Duration = answeredTimeout, chamberLimits: ChamberLimits? = nil,
    supplyLimits: SupplyLimits? = nil
) -> DriverConfiguration {
    DriverConfiguration(
        role: "role-under-test", driver: name, resource: peer.resource, serial: SerialSettings(baud: 19200),
        timeout: timeout, retries: testRetries, chamberLimits: chamberLimits, supplyLimits: supplyLimits)
}

/// Opens a real link to `peer` (a ``SerialLink`` on its pseudo-terminal or a ``TCPLink`` to its listener).
func openLink(to peer: ProtocolPeer) async throws -> any ByteLink {
    try await InstrumentFactory.openLink(testConfiguration("link", peer: peer))
}

/// A SCPI session to `peer`, for drivers built directly (not through the factory).
func scpiSession(
    to peer: ProtocolPeer, driver: String, events: EventLog = EventLog(), timeout: Duration = answeredTimeout
) async throws -> SCPISession {
    SCPISession(
        link: try await openLink(to: peer), role: "role-under-test", driver: driver,
        policy: RetryPolicy(retries: testRetries, timeout: timeout), events: events.sink)
}

/// A line session to `peer`, for drivers built directly (not through the factory).
func lineSession(
    to peer: ProtocolPeer, terminator: LineTerminator, driver: String, events: EventLog = EventLog()
) async throws -> LineSession {
    LineSession(
        link: try await openLink(to: peer), terminator: terminator, role: "role-under-test", driver: driver,
        policy: RetryPolicy(retries: testRetries, timeout: answeredTimeout), events: events.sink)
}

/// Builds the catalog's driver `name` for a peer through ``InstrumentFactory``, over a real link.
func makeDriver<Driver>(
    _ name: String, as type: Driver.Type, peer: ProtocolPeer, events: EventLog = EventLog(),
    timeout: Duration = answeredTimeout, chamberLimits: ChamberLimits? = nil, supplyLimits: SupplyLimits? = nil
) async throws -> Driver {
    let configuration = testConfiguration(
        name, peer: peer, timeout: timeout, chamberLimits: chamberLimits, supplyLimits: supplyLimits)
    let link = try await InstrumentFactory.openLink(configuration)
    let instrument = try InstrumentFactory.makeDriver(configuration, link: link, events: events.sink)
    guard let driver = instrument as? Driver else {
        await link.close()
        throw InstrumentError(.unsupported, role: "test", driver: name, message: "the factory built \(instrument)")
    }
    return driver
}

/// The ``InstrumentError`` that `body` throws, or nil when it returns or throws something else.
func instrumentError<T>(_ body: () async throws -> T) async -> InstrumentError? {
    do {
        _ = try await body()
        return nil
    } catch let error as InstrumentError {
        return error
    } catch {
        return nil
    }
}

/// The ``SafetyLimitError`` that `body` throws, or nil when it returns or throws something else.
func safetyLimitError<T>(_ body: () async throws -> T) async -> SafetyLimitError? {
    do {
        _ = try await body()
        return nil
    } catch let error as SafetyLimitError {
        return error
    } catch {
        return nil
    }
}

/// Chamber limits used by the chamber tests: −40…150 °C, 10 K/min, safe at 25 °C.
let testChamberLimits = ChamberLimits(
    minimumCelsius: -40, maximumCelsius: 150, maximumRampKelvinPerMinute: 10, safeCelsius: 25)

/// How a peer answers a SCPI session's resynchronisation (`*CLS`, then `*ESE <a>;*ESE?;*ESE <b>;*ESE?`, then
/// `*ESE 0`), as any IEEE 488.2 instrument does: each `*ESE?` answers the value last set, and the answers of one
/// message are joined by ';'. Nil for any other line.
func resynchronisationAnswer(_ line: String) -> PeerAnswer? {
    if line == "*CLS" || line.hasPrefix("*ESE ") && !line.contains("?") { return .silent }
    guard line.hasPrefix("*ESE "), line.hasSuffix(";*ESE?") else { return nil }
    var value = "0"
    var answers: [String] = []
    for unit in line.split(separator: ";") {
        if unit == "*ESE?" {
            answers.append(value)
        } else if unit.hasPrefix("*ESE ") {
            value = String(unit.dropFirst("*ESE ".count))
        } else {
            return nil
        }
    }
    return .reply(answers.joined(separator: ";"))
}
