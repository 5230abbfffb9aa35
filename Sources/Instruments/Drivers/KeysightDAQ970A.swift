import Foundation
import InstrumentProtocols

/// Keysight DAQ970A / DAQ973A and Agilent (HP) 34970A / 34972A data-acquisition units reading type K thermocouples
/// on a multiplexer module (channels 101, 102, … of slot 1) over SCPI.
///
/// Command set (34970A/34972A User's Guide, "Remote Interface Reference": `CONFigure:TEMPerature
/// TCouple,<type>,(@<ch_list>)`, `UNIT:TEMPerature C,(@<ch_list>)`, `ROUTe:SCAN (@<ch_list>)`,
/// `ROUTe:SCAN:SIZE?`, `READ?`; the DAQ970A keeps the 34970A's commands), as public drivers use it: pymeasure's
/// Agilent 34970A / Keysight DAQ970A drivers and the `Keysight34970A` / `plug34970A` helpers found with the
/// project's code search (`CONF:TEMP TC,J,(@101,102,103)`, `READ?` answering one comma-separated reading per
/// scanned channel in scan-list order).
///
/// The channels asked for join the scan list (configured as type K in °C) the first time one of them is read, so the
/// sockets of a batch, each asking for its own channel, share one scan list that is configured once; every read
/// scans it and returns the channels asked for. A reading of ±9.9E37 (the overload value an open thermocouple reads) is a
/// device error naming the channel, never a temperature. A unit that reboots forgets its scan list:
/// ``restoreSettingsIfLost()`` finds that (power-on bit, `ROUT:SCAN:SIZE?` read-back) and configures it again.
public actor KeysightDAQ970A: ThermocoupleReader {
    public nonisolated let role: String
    public nonisolated let driverName = "keysight-daq970a"
    private let session: SCPISession
    /// The scan list last configured, in order.
    private var scanList: [Int] = []

    /// The thermocouple type configured.
    public static let thermocoupleType = "K"
    /// Readings beyond this magnitude are the overload value (9.9E37), not temperatures.
    static let overload = 9e37

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession) {
        self.role = role
        self.session = session
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        let maker = identity.manufacturer.lowercased()
        let model = identity.model.uppercased()
        guard maker.contains("keysight") || maker.contains("agilent") || maker.contains("hewlett"),
            ["DAQ970A", "DAQ973A", "34970A", "34972A"].contains(where: { model.hasPrefix($0) })
        else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a Keysight DAQ970A / DAQ973A or Agilent 34970A / 34972A")
        }
        try await session.write("*CLS")
        scanList = []
        return identity
    }

    public func disconnect() async {
        await session.close()
    }

    /// Checks the power-on bit and the scan list's length; configures the scan list again when either shows it lost.
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        var audit = SettingsAudit()
        audit.powerOn(try await session.powerOnSinceLastCheck(), instrument: "thermocouple reader")
        guard !scanList.isEmpty else { return audit.outcome(applied: []) }
        let command = "ROUT:SCAN:SIZE?"
        let size = try await session.query(command) { reply in
            guard let value = Int(reply.trimmingCharacters(in: .whitespaces)) else {
                throw ReplyParseError(command: command, expected: "the number of channels in the scan list", reply: reply)
            }
            return value
        }
        if size != scanList.count { audit.mismatch("scan list", found: "\(size) channels", expected: "\(scanList.count) channels") }
        guard audit.lost else { return .intact }
        let channels = scanList
        try await configure(channels)
        return audit.outcome(applied: ["type \(Self.thermocoupleType) thermocouples, °C, scan list \(Self.list(channels))"])
    }

    public func readTemperatures(channels: [Int]) async throws -> [Int: Double] {
        guard !channels.isEmpty else { return [:] }
        if !Set(channels).isSubset(of: scanList) { try await configure(Array(Set(channels).union(scanList)).sorted()) }
        let scanned = scanList
        let values = try await session.query("READ?") { reply in
            let fields = reply.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            let numbers = fields.compactMap { Double($0) }
            guard numbers.count == fields.count, numbers.count == scanned.count else {
                throw ReplyParseError(command: "READ?", expected: "\(scanned.count) temperatures in °C, comma-separated", reply: reply)
            }
            return numbers
        }
        var result: [Int: Double] = [:]
        for (channel, value) in zip(scanned, values) where channels.contains(channel) {
            guard value.isFinite, abs(value) < Self.overload else {
                throw InstrumentError(
                    .deviceError, role: role, driver: driverName,
                    message: "channel \(channel) read \(value), the overload value: its thermocouple is open or not connected")
            }
            result[channel] = value
        }
        return result
    }

    /// Configures `channels` as type K thermocouples in °C and makes them the scan list.
    private func configure(_ channels: [Int]) async throws {
        let list = Self.list(channels)
        try await session.write("CONF:TEMP TC,\(Self.thermocoupleType),\(list)")
        try await session.write("UNIT:TEMP C,\(list)")
        try await session.write("ROUT:SCAN \(list)")
        try await session.checkErrors(after: "CONF:TEMP TC,\(Self.thermocoupleType),\(list); ROUT:SCAN \(list)")
        scanList = channels
    }

    /// A SCPI channel list, e.g. `(@101,102)`.
    static func list(_ channels: [Int]) -> String {
        "(@" + channels.map(String.init).joined(separator: ",") + ")"
    }
}
