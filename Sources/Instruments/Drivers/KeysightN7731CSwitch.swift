import InstrumentProtocols

/// A Keysight (formerly Agilent) N7731C / N7734A-style optical switch (`keysight-n7731c`), SCPI over LAN, GPIB or
/// USB: one 1×N route from input port `A` of slot 1, channel 1.
///
/// Command set (the Agilent 8163A/B, 8164A/B & 8166A/B mainframes guide, fifth edition, "Signal Routing", which
/// the N773x switches share; a public N7734A pyvisa driver sends the same `:ROUTe<slot> <route>` /
/// `:ROUTe<slot>?`; instruments-audit.md):
/// - `:ROUTe<slot>[:CHANnel<ch>] <in>,<out>` routes input port `<in>` (a letter) to output port `<out>` (a number);
/// - `:ROUTe<slot>[:CHANnel<ch>]?` answers the route as `<in>,<out>`, e.g. `A,3`;
/// - `:ROUTe<slot>[:CHANnel<ch>]:CONFig?` answers the ports as `<first in>,<last in>;<first out>,<last out>`, e.g.
///   `A,A;1,8` for a 1×8.
///
/// After every route the driver reads the route back and refuses to carry on when the switch reports another.
public actor KeysightN7731CSwitch: OpticalSwitch {
    public nonisolated let role: String
    public nonisolated let driverName = "keysight-n7731c"
    public nonisolated let settlingTime: Duration
    private let session: SCPISession
    private var outputs: ClosedRange<Int> = 1...1
    private var routed: Int?

    /// The slot and channel addressed: a stand-alone N7731C or N7734A is slot 1, and a 1×N switch has one channel.
    static let path = "ROUT1:CHAN1"
    /// The input port routed to the meter (8163 guide: ports on the left are letters, `A` the first).
    static let input = "A"

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession, settlingTime: Duration) {
        self.role = role
        self.session = session
        self.settlingTime = settlingTime
    }

    /// Identifies the switch (`*IDN?` must name Keysight or Agilent and an N773x model), clears its status and
    /// reads its output ports from `:ROUT1:CHAN1:CONF?`.
    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        let maker = identity.manufacturer.uppercased()
        guard maker.contains("KEYSIGHT") || maker.contains("AGILENT"), identity.model.uppercased().hasPrefix("N773") else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Keysight N773x optical switch (N7731C, N7734A, …)")
        }
        try await session.write("*CLS")
        let command = Self.path + ":CONF?"
        outputs = try await session.query(command) { reply in try Self.outputPorts(reply, command: command) }
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { outputs.upperBound }

    /// Routes input `A` to output `channel` (checking the error queue), then reads the route back.
    public func route(to channel: Int) async throws {
        guard outputs.contains(channel) else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "no output \(channel); the switch has outputs \(outputs.lowerBound) to \(outputs.upperBound)")
        }
        try await session.configure("\(Self.path) \(Self.input),\(channel)")
        routed = channel
        let found = try await readRoute()
        guard found == channel else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "routed \(Self.input) to output \(channel), but the switch reports "
                    + (found.map { "output \($0)" } ?? "no route"))
        }
    }

    /// Checks the power-on bit and reads the route back; routes again when it was lost.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "switch")
        guard let routed else { return audit.outcome(applied: []) }
        let found = try await readRoute()
        if found != routed {
            audit.mismatch("route", found: found.map { "output \($0)" } ?? "none", expected: "output \(routed)")
        }
        guard audit.lost else { return .intact }
        try await route(to: routed)
        return audit.outcome(applied: ["route \(Self.input) to output \(routed)"])
    }

    /// The output input `A` is routed to, from `:ROUT1:CHAN1?` (`A,3`); nil when `A` is routed nowhere.
    private func readRoute() async throws -> Int? {
        let command = Self.path + "?"
        return try await session.query(command) { reply in try Self.routedOutput(reply, command: command) }
    }

    /// Parses a route reply `<in>,<out>` (quotes tolerated); the output for input `A`, or nil for `A,0`.
    static func routedOutput(_ reply: String, command: String) throws -> Int? {
        let fields = reply.filter { $0 != "\"" }.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        guard fields.count == 2, fields[0].uppercased() == input, let output = Int(fields[1]), output >= 0 else {
            throw ReplyParseError(command: command, expected: "a route such as A,3", reply: reply)
        }
        return output == 0 ? nil : output
    }

    /// Parses a port configuration `A,A;1,8` into the output ports 1…8; the input ports must include `A`.
    static func outputPorts(_ reply: String, command: String) throws -> ClosedRange<Int> {
        let halves = reply.filter { $0 != "\"" }.split(separator: ";")
        let expected = "ports such as A,A;1,8"
        guard halves.count == 2 else { throw ReplyParseError(command: command, expected: expected, reply: reply) }
        let inputs = halves[0].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces).uppercased() }
        let numbers = halves[1].split(separator: ",").map { Int($0.trimmingCharacters(in: .whitespaces)) }
        guard inputs.count == 2, inputs[0] == input, numbers.count == 2, let first = numbers[0], let last = numbers[1],
            first >= 1, last >= first
        else { throw ReplyParseError(command: command, expected: expected, reply: reply) }
        return first...last
    }
}
