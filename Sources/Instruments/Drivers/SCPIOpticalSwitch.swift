import InstrumentProtocols

/// A SCPI optical switch (`scpi-switch`): `ROUT:CLOS (@n)` routes output n, `ROUT:CLOS?` reads it back.
public actor SCPIOpticalSwitch: OpticalSwitch {
    public nonisolated let role: String
    public nonisolated let driverName = "scpi-switch"
    public nonisolated let settlingTime: Duration
    private let session: SCPISession
    private var channels = 0
    private var routed: Int?

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession, settlingTime: Duration) {
        self.role = role
        self.session = session
        self.settlingTime = settlingTime
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        try await session.write("*CLS")
        channels = try await session.query("ROUT:CHAN:COUN?") { reply in
            guard let value = Int(reply), value > 0 else {
                throw ReplyParseError(command: "ROUT:CHAN:COUN?", expected: "an output count", reply: reply)
            }
            return value
        }
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { channels }

    public func route(to channel: Int) async throws {
        guard (1...max(1, channels)).contains(channel) else {
            throw InstrumentError(.unsupported, role: role, driver: driverName, message: "no output \(channel); the switch has \(channels)")
        }
        try await session.configure("ROUT:CLOS (@\(channel))")
        routed = channel
    }

    /// Checks the power-on bit and reads the route back (`ROUT:CLOS?`, `(@n)`); routes again when it was lost.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "switch")
        guard let routed else { return audit.outcome(applied: []) }
        let reply = try await session.query("ROUT:CLOS?")
        let closed = Int(reply.filter(\.isNumber))
        if closed != routed {
            audit.mismatch("route", found: closed.map { "output \($0)" } ?? "none", expected: "output \(routed)")
        }
        guard audit.lost else { return .intact }
        try await route(to: routed)
        return audit.outcome(applied: ["route to output \(routed)"])
    }
}
