import InstrumentProtocols

/// A JDS Uniphase (now Viavi) SB-series 1×N fibre-optic switch (`jdsu-sb`) in its SC command set, over RS-232 or a
/// serial-to-LAN forwarder.
///
/// Command set (JDS Uniphase *SB Series Fiberoptic Switch User's Manual*, SD000153, "Programming Guide": RS-232
/// commands end with a single CR, GPIB ones with CR LF; `CLOSE i` closes the optical path to channel i, `RESET`
/// returns to the power-up state, channel 0; and the public drivers Simon-Belanger/ULPythonLab
/// `Instruments/JDS_SB_Switch.py` and SiEPIClab `opticalSwitch_jds`, which send `IDN?`, `CLOSE n`, `OPC?` and
/// `CLOSE?`; instruments-audit.md). The SB has no IEEE 488.2 `*` commands:
/// - `IDN?` answers the identification; it names the part number `SB…` (e.g. `SB10B5-C2FP`, a 1×10);
/// - `CLOSE n` routes the common port to channel n; channel 0 is no path (power-up);
/// - `OPC?` answers 1 once the last operation is complete (the mechanism has stopped);
/// - `CLOSE?` answers the closed channel as a whole number.
///
/// The channel count comes from the station file's `channels:`, else from the part number in `IDN?`. After every
/// route the driver waits for `OPC?` = 1 and reads `CLOSE?` back; a switch that reports another channel is an error.
/// Public sources do not give the layout of the `IDN?` reply nor the reply terminator: the driver accepts any
/// reply that names an `SB` part number, and reads replies up to CR (a CR LF reply reads the same).
public actor JDSUSBSwitch: OpticalSwitch {
    public nonisolated let role: String
    public nonisolated let driverName = "jdsu-sb"
    public nonisolated let settlingTime: Duration
    private let session: LineSession
    private let declaredChannels: Int?
    private var channels = 0
    private var routed: Int?

    /// How many times `OPC?` is asked before a switch that never completes is reported.
    static let completionPolls = 20

    /// After a glitch the session asks `IDN?` and drops every line until its answer: a late `CLOSE?` or `OPC?`
    /// reply is a bare number, which an identification never is.
    public static let sentinel = LineSentinel(query: "IDN?") { line in
        let text = line.trimmingCharacters(in: .whitespaces)
        return !text.isEmpty && Int(text) == nil
    }

    /// Creates the driver over a CR-terminated line session; `channels` is the station file's count, if any.
    public init(role: String, session: LineSession, settlingTime: Duration, channels: Int?) {
        self.role = role
        self.session = session
        self.settlingTime = settlingTime
        self.declaredChannels = channels
    }

    /// Identifies the switch by the `SB` part number in `IDN?` and settles its channel count.
    public func connect() async throws -> InstrumentIdentity {
        let reply = try await session.query("IDN?")
        guard let part = Self.partNumber(in: reply) else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "IDN? answered \(reply.debugDescription), which names no JDSU SB part number (SB<N>…)")
        }
        guard let count = declaredChannels ?? Self.channelCount(partNumber: part) else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "cannot tell the channel count of \(part); give it as channels: in the station file")
        }
        channels = count
        return Self.identity(reply: reply, partNumber: part)
    }

    public func disconnect() async {
        await session.close()
    }

    public func channelCount() async -> Int { channels }

    /// Closes channel `channel`, waits for the mechanism (`OPC?` = 1), then reads `CLOSE?` back.
    public func route(to channel: Int) async throws {
        guard (1...max(1, channels)).contains(channel) else {
            throw InstrumentError(.unsupported, role: role, driver: driverName, message: "no channel \(channel); the switch has \(channels)")
        }
        try await session.write("CLOSE \(channel)")
        routed = channel
        try await waitForCompletion(after: "CLOSE \(channel)")
        let found = try await closedChannel()
        guard found == channel else {
            throw InstrumentError(
                .deviceError, role: role, driver: driverName,
                message: "CLOSE \(channel) sent, but CLOSE? reports " + (found == 0 ? "no path (channel 0)" : "channel \(found)"))
        }
    }

    /// Reads `CLOSE?` back; a different channel (0 after a power cycle or `RESET`) is routed again.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        guard let routed else { return .intact }
        var audit = SettingsAudit()
        let found = try await closedChannel()
        if found != routed {
            audit.mismatch("closed channel", found: found == 0 ? "none (0: power-up or reset)" : "\(found)", expected: "\(routed)")
        }
        guard audit.lost else { return .intact }
        try await route(to: routed)
        return audit.outcome(applied: ["CLOSE \(routed)"])
    }

    private func waitForCompletion(after command: String) async throws {
        for _ in 0..<Self.completionPolls {
            let done = try await session.query("OPC?") { reply in
                guard let value = Int(reply), value == 0 || value == 1 else {
                    throw ReplyParseError(command: "OPC?", expected: "1 or 0", reply: reply)
                }
                return value == 1
            }
            if done { return }
        }
        throw InstrumentError(
            .stationFault, role: role, driver: driverName,
            message: "\(command): OPC? still answered 0 after \(Self.completionPolls) polls; the switch did not finish moving")
    }

    private func closedChannel() async throws -> Int {
        try await session.query("CLOSE?") { reply in
            guard let value = Int(reply), value >= 0 else {
                throw ReplyParseError(command: "CLOSE?", expected: "a channel number", reply: reply)
            }
            return value
        }
    }

    /// The first word of `reply` that is an SB part number (`SB` and at least two more characters, e.g.
    /// `SB10B5-C2FP`).
    static func partNumber(in reply: String) -> String? {
        words(reply).first { $0.uppercased().hasPrefix("SB") && $0.count >= 4 }
    }

    private static func words(_ reply: String) -> [String] {
        reply.split(whereSeparator: { $0 == " " || $0 == "," || $0 == "\t" }).map(String.init)
    }

    /// The channel count a part number spells: the digits after `SB` (`SB10B5-C2FP` is a 1×10), when plausible.
    static func channelCount(partNumber: String) -> Int? {
        let digits = partNumber.dropFirst(2).prefix { $0.isNumber }
        guard let count = Int(digits), (1...1024).contains(count) else { return nil }
        return count
    }

    /// The identity for reports: an IEEE 488.2-style reply as it is, otherwise the part number as the model and
    /// the words after it as the serial number.
    static func identity(reply: String, partNumber: String) -> InstrumentIdentity {
        if let identity = try? InstrumentIdentity(idnReply: reply) { return identity }
        let after = words(reply).drop { $0 != partNumber }.dropFirst().joined(separator: " ")
        return InstrumentIdentity(
            manufacturer: "JDS Uniphase", model: partNumber, serialNumber: after.isEmpty ? "unknown" : after,
            firmware: "unknown")
    }
}
