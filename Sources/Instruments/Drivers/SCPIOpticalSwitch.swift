import InstrumentProtocols

/// A SCPI optical switch (`scpi-switch`): `ROUT:CLOS (@n)` routes output n, `ROUT:CLOS?` reads it back.
public actor SCPIOpticalSwitch: OpticalSwitch {
    public nonisolated let role: String
    public nonisolated let driverName = "scpi-switch"
    public nonisolated let settlingTime: Duration
    private let session: SCPISession
    private var channels = 0

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
    }
}
