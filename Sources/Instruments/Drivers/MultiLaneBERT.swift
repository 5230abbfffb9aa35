import Foundation
import InstrumentProtocols
import PRBS

/// MultiLane ML4039-class BERT behind the glscopeclient SCPI bridge (`scopehal-mlbert-bridge`, TCP port 5025;
/// protocols.md §5), four lanes.
///
/// The bridge answers queries only (`*IDN?`, `RXn:LOCK?`, `BER?`); settings (`TXn:POLY`, `RXn:POLY`,
/// `TXn:INVERT`, `RXn:INVERT`, `TXn:ENABLE`, `RATE`, `INTEGRATION`, `DEFER`/`APPLY`) are not acknowledged, so
/// after a batch of settings the driver asks `*IDN?` as a synchronisation point: the bridge handles one line at a
/// time, so its answer means every earlier line was applied.
///
/// **Counters.** The bridge has no running counters. Each `BER?` runs one measurement window on all four lanes
/// (`mlBert_DoInstantBER` over the `INTEGRATION` length, which the bridge programs in units of 25 000 bits) and
/// answers the four bit error ratios as `%e` values; `nan` or `0` means no errors. The driver therefore:
/// - keeps `INTEGRATION` a multiple of 25 000 bits, sized so one window lasts about ``measurementWindow`` at the
///   configured line rate (at least 25 000 bits), so the bits the bridge checks are exactly the bits counted;
/// - while the gate is open, measures window after window in the background: `RXn:LOCK?` for each lane, then
///   `BER?`; a lane locked at the start of a window gets the window's length added to its compared bits and
///   `round(BER × length)` added to its errors; an unlocked lane gets nothing for that window;
/// - answers ``readCounters()`` from these totals, so compared bits are only bits the instrument really checked
///   (the short gaps between windows are not counted, which errs on the conservative side).
/// A failure inside the background measurement (retries exhausted) is thrown by the next ``readCounters()``.
///
/// **Lock lost.** The bridge has no sticky loss flag, so the driver derives ``LaneCounters/lockLost``: it is set
/// when a lane seen locked earlier in the gate reads unlocked at a window's start, or when a lane locked at a
/// window's start answers the unlocked ratio (0.5 or more) for that window (its detector dropped out during it).
/// A loss and relock that both fall in the short gap between two windows stays invisible. ``startGate()`` clears
/// every lane's flag, ``resynchronize(channel:)`` that lane's (when the detector is re-armed).
public actor MultiLaneBERT: BitErrorRatioTester {
    public nonisolated let role: String
    public nonisolated let driverName = "multilane-bert"
    public nonisolated var supportedPatterns: [PRBSPattern] { Self.patterns }
    /// How long one `BER?` measurement window should last; keep it well below the reply timeout.
    public nonisolated let measurementWindow: Duration

    /// Patterns the bridge generates and checks (`POLY PRBS7|PRBS9|PRBS15|PRBS23|PRBS31`).
    public static let patterns: [PRBSPattern] = [.prbs7, .prbs9, .prbs15, .prbs23, .prbs31]
    /// Lanes of an ML4039; the bridge always serves four.
    public static let laneCount = 4
    /// The unit in which the bridge programs the integration length, bits.
    public static let integrationUnit: UInt64 = 25_000
    /// The integration length the bridge starts with (and the driver sets at connect), bits.
    public static let defaultIntegration: UInt64 = 10_000_000

    private let session: SCPISession
    private var pattern: PRBSPattern?
    private var setup: (pattern: PRBSPattern, inverted: Bool, rate: Double)?
    private var outputsOn: Bool?
    private var windowBits = MultiLaneBERT.defaultIntegration
    private var comparedBits = [UInt64](repeating: 0, count: MultiLaneBERT.laneCount)
    private var errorCounts = [UInt64](repeating: 0, count: MultiLaneBERT.laneCount)
    private var locked = [Bool](repeating: false, count: MultiLaneBERT.laneCount)
    private var lockLost = [Bool](repeating: false, count: MultiLaneBERT.laneCount)
    /// The ratio at or above which a window's answer means the detector was not locked.
    static let unlockedRatio = 0.5
    private var gateTask: Task<Void, Never>?
    private var gateOpen = false
    private var gateFailure: (any Error)?
    private var pendingResync: [Int] = []

    /// Creates the driver over a SCPI session.
    public init(role: String, session: SCPISession, measurementWindow: Duration = .seconds(1)) {
        self.role = role
        self.session = session
        self.measurementWindow = measurementWindow
    }

    /// The integration length (bits per `BER?` window) for `lineRate` and `window`: a whole number of
    /// ``integrationUnit``s, at least one.
    public static func integration(lineRate: Double, window: Duration) -> UInt64 {
        let seconds = Double(window.components.seconds) + Double(window.components.attoseconds) * 1e-18
        let units = (lineRate * seconds / Double(integrationUnit)).rounded(.down)
        let clamped = min(max(units, 1), Double(UInt32.max))
        return UInt64(clamped) * integrationUnit
    }

    public func connect() async throws -> InstrumentIdentity {
        let identity = try await session.identify()
        guard identity.manufacturer.lowercased() == "multilane", identity.model.uppercased().hasPrefix("ML") else {
            throw InstrumentError(
                .identityMismatch, role: role, driver: driverName,
                message: "\(identity) is not a MultiLane BERT behind the scopehal SCPI bridge "
                    + "(expected multiLane,ML…)")
        }
        windowBits = Self.defaultIntegration
        try await session.write("INTEGRATION \(windowBits)")
        try await synchronize()
        return identity
    }

    public func disconnect() async {
        await closeGate()
        await session.close()
    }

    public func channelCount() async -> Int { Self.laneCount }

    /// Bits in one measurement window, as last sent with `INTEGRATION`.
    public var integrationBits: UInt64 { windowBits }

    public func configure(pattern: PRBSPattern, inverted: Bool, lineRateBitsPerSecond: Double) async throws {
        guard Self.patterns.contains(pattern) else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "the MultiLane bridge has no \(pattern.rawValue); it offers "
                    + Self.patterns.map(\.rawValue).joined(separator: ", "))
        }
        guard lineRateBitsPerSecond.isFinite, lineRateBitsPerSecond >= 1e6, lineRateBitsPerSecond < 1e12 else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "line rate \(lineRateBitsPerSecond) b/s is not one a MultiLane BERT runs at")
        }
        await closeGate()
        let bits = Self.integration(lineRate: lineRateBitsPerSecond, window: measurementWindow)
        var commands = ["DEFER", "RATE \(String(format: "%.0f", lineRateBitsPerSecond))", "INTEGRATION \(bits)"]
        for lane in 1...Self.laneCount {
            commands += [
                "TX\(lane):POLY \(pattern.rawValue)", "RX\(lane):POLY \(pattern.rawValue)",
                "TX\(lane):INVERT \(inverted ? 1 : 0)", "RX\(lane):INVERT \(inverted ? 1 : 0)",
            ]
        }
        commands.append("APPLY")
        for command in commands {
            try await session.write(command)
        }
        try await synchronize()
        self.pattern = pattern
        setup = (pattern, inverted, lineRateBitsPerSecond)
        windowBits = bits
    }

    public func setOutputs(_ on: Bool) async throws {
        await closeGate()
        for lane in 1...Self.laneCount {
            try await session.write("TX\(lane):ENABLE \(on ? 1 : 0)")
        }
        try await synchronize()
        outputsOn = on
    }

    /// The bridge has no status register and answers no setting back, so a reboot cannot be told: this always
    /// returns ``SettingsCheck/intact``. While no gate is open it re-sends the remembered configuration and
    /// outputs anyway (harmless when they were intact; it re-arms the detectors); during a gate it sends
    /// nothing, as re-arming would disturb the counting. The caller judges a suspected reboot from the
    /// counters (detectors unlocked, `lockLost`).
    public func restoreSettingsIfLost() async throws -> SettingsCheck {
        guard gateTask == nil else { return .intact }
        if let setup {
            try await configure(pattern: setup.pattern, inverted: setup.inverted, lineRateBitsPerSecond: setup.rate)
        } else {
            try await session.write("INTEGRATION \(windowBits)")
            try await synchronize()
        }
        if let outputsOn { try await setOutputs(outputsOn) }
        return .intact
    }

    public func startGate() async throws {
        await closeGate()
        comparedBits = [UInt64](repeating: 0, count: Self.laneCount)
        errorCounts = [UInt64](repeating: 0, count: Self.laneCount)
        lockLost = [Bool](repeating: false, count: Self.laneCount)
        gateFailure = nil
        gateOpen = true
        gateTask = Task { await self.measureWhileOpen() }
    }

    public func stopGate() async throws {
        await closeGate()
    }

    public func readCounters() async throws -> [LaneCounters] {
        if let gateFailure { throw gateFailure }
        if gateTask == nil {
            locked = try await readLocks()
        }
        return (0..<Self.laneCount).map { index in
            LaneCounters(
                channel: index + 1, comparedBits: comparedBits[index], errors: errorCounts[index],
                synchronized: locked[index], lockLost: lockLost[index])
        }
    }

    public func resynchronize(channel: Int) async throws {
        guard (1...Self.laneCount).contains(channel) else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName,
                message: "no lane \(channel); the BERT has \(Self.laneCount)")
        }
        guard pattern != nil else {
            throw InstrumentError(
                .unsupported, role: role, driver: driverName, message: "configure a pattern before re-synchronising")
        }
        if gateTask != nil {
            pendingResync.append(channel)
        } else {
            try await rearm(channel)
            try await synchronize()
            lockLost[channel - 1] = false
        }
    }

    // MARK: - Measurement

    private func measureWhileOpen() async {
        while gateOpen {
            do {
                try await measureWindow()
            } catch {
                gateFailure = error
                gateOpen = false
            }
        }
    }

    /// One window: pending re-synchronisations, lock states, then `BER?`.
    private func measureWindow() async throws {
        let resync = pendingResync
        pendingResync.removeAll()
        for channel in resync {
            try await rearm(channel)
            lockLost[channel - 1] = false
        }
        let locks = try await readLocks()
        let ratios = try await session.query("BER?") { reply in try Self.parseRatios(reply) }
        let bits = windowBits
        for lane in 0..<Self.laneCount {
            if locked[lane], !locks[lane], !resync.contains(lane + 1) { lockLost[lane] = true }
            guard locks[lane] else { continue }
            if ratios[lane] >= Self.unlockedRatio { lockLost[lane] = true }
            comparedBits[lane] += bits
            errorCounts[lane] += UInt64((ratios[lane] * Double(bits)).rounded())
        }
        locked = locks
    }

    /// Re-sends the detector's pattern, which re-arms its synchronisation (`mlBert_SetPRBSPattern`).
    private func rearm(_ channel: Int) async throws {
        guard let pattern else { return }
        try await session.write("RX\(channel):POLY \(pattern.rawValue)")
    }

    private func readLocks() async throws -> [Bool] {
        var locks: [Bool] = []
        for lane in 1...Self.laneCount {
            let command = "RX\(lane):LOCK?"
            locks.append(
                try await session.query(command) { reply in
                    switch reply {
                    case "1": return true
                    case "0": return false
                    default: throw ReplyParseError(command: command, expected: "1 or 0", reply: reply)
                    }
                })
        }
        return locks
    }

    private func closeGate() async {
        gateOpen = false
        if let gateTask {
            await gateTask.value
        }
        gateTask = nil
    }

    private func synchronize() async throws {
        _ = try await session.identify()
    }

    /// Parses `BER?`: four `%e` ratios; `nan` (any spelling, e.g. `-nan(ind)`) means no errors.
    static func parseRatios(_ reply: String) throws -> [Double] {
        let fields = reply.split(separator: ",", omittingEmptySubsequences: false)
        let expected = "four bit error ratios (e.g. 1.000000e-12,0.000000e+00,nan,2.500000e-10)"
        guard fields.count == laneCount else {
            throw ReplyParseError(command: "BER?", expected: expected, reply: reply)
        }
        return try fields.map { field in
            let text = field.trimmingCharacters(in: .whitespaces).lowercased()
            if text.contains("nan") { return 0 }
            guard let value = Double(text), value.isFinite, value >= 0, value <= 1 else {
                throw ReplyParseError(command: "BER?", expected: expected, reply: reply)
            }
            return value
        }
    }
}
