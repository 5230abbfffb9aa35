import InstrumentProtocols
import Instruments
import Foundation
import PRBS
import StationClock

/// One socket's view of a BERT that several sockets share: the gate runs while any socket's gate runs, and a
/// socket that starts its gate while another's is counting counts from the moment it joined (its counters are
/// read relative to what they were then), so one socket starting, stopping or repeating its gate never zeroes or
/// stops another's.
public actor SharedGateBERT: BitErrorRatioTester {
    /// The gate bookkeeping of one shared BERT.
    public actor Gate {
        let bert: any BitErrorRatioTester
        let turns: InstrumentTurns
        let clock: any StationClock
        private var running = 0
        /// The latest counters read and when: sockets polling at the same instant share one read of every channel.
        private var latest: (time: Date, counters: [LaneCounters])?

        /// Shares `bert`, one socket's exchange at a time (`turns`); `clock` tells which reads are simultaneous.
        public init(_ bert: any BitErrorRatioTester, turns: InstrumentTurns, clock: any StationClock) {
            self.bert = bert
            self.turns = turns
            self.clock = clock
        }

        /// Every channel's counters now: one read per instant, whichever socket asks first.
        func counters() async throws -> [LaneCounters] {
            let now = clock.now
            if let latest, latest.time == now { return latest.counters }
            let counters = try await exchange { try await $0.readCounters() }
            latest = (now, counters)
            return counters
        }

        /// Forgets the latest counters (the gate started or stopped, a channel was re-synchronised).
        func invalidate() { latest = nil }

        /// Starts the gate if no socket's gate runs; returns the counters at joining when one does.
        func join() async throws -> [LaneCounters]? {
            latest = nil
            running += 1
            if running == 1 {
                do {
                    try await exchange { try await $0.startGate() }
                } catch {
                    running -= 1
                    throw error
                }
                return nil
            }
            return try await counters()
        }

        /// Stops the gate when the last socket leaves it.
        func leave() async throws {
            guard running > 0 else { return }
            running -= 1
            if running == 0 {
                latest = nil
                try await exchange { try await $0.stopGate() }
            }
        }

        /// One exchange with the BERT in this caller's turn.
        nonisolated func exchange<T: Sendable>(_ body: @Sendable (any BitErrorRatioTester) async throws -> T) async throws -> T {
            let bert = self.bert
            return try await turns.withTurn { try await body(bert) }
        }
    }

    private let gate: Gate
    private let bert: any BitErrorRatioTester
    /// The channels this socket reads; nil for every channel.
    private let channels: ClosedRange<Int>?
    private var baseline: [Int: LaneCounters] = [:]
    private var counting = false

    /// A socket's view of the BERT behind `gate`, reading `channels` (every channel when nil).
    public init(gate: Gate, channels: ClosedRange<Int>? = nil) {
        self.gate = gate
        self.bert = gate.bert
        self.channels = channels
    }

    public nonisolated var role: String { bert.role }
    public nonisolated var driverName: String { bert.driverName }
    public nonisolated var supportedPatterns: [PRBSPattern] { bert.supportedPatterns }
    public func connect() async throws -> InstrumentIdentity { try await gate.exchange { try await $0.connect() } }
    public func disconnect() async {}
    public func restoreSettingsIfLost() async throws -> SettingsCheck { try await gate.exchange { try await $0.restoreSettingsIfLost() } }
    public func channelCount() async -> Int { await bert.channelCount() }
    public func configure(pattern: PRBSPattern, inverted: Bool, lineRateBitsPerSecond: Double) async throws {
        try await gate.exchange { try await $0.configure(pattern: pattern, inverted: inverted, lineRateBitsPerSecond: lineRateBitsPerSecond) }
    }
    public func setOutputs(_ on: Bool) async throws { try await gate.exchange { try await $0.setOutputs(on) } }
    public func resynchronize(channel: Int) async throws {
        await gate.invalidate()
        try await gate.exchange { try await $0.resynchronize(channel: channel) }
    }

    public func startGate() async throws {
        if counting { try await gate.leave() }
        counting = true
        let joined = try await gate.join()
        baseline = Dictionary((joined ?? []).map { ($0.channel, $0) }, uniquingKeysWith: { $1 })
    }

    public func stopGate() async throws {
        guard counting else { return }
        counting = false
        try await gate.leave()
    }

    /// The counters of this socket's channels since its gate started.
    public func readCounters() async throws -> [LaneCounters] {
        let all = try await gate.counters()
        let mine = channels.map { range in all.filter { range.contains($0.channel) } } ?? all
        return mine.map { counter in
            guard let base = baseline[counter.channel], counter.comparedBits >= base.comparedBits, counter.errors >= base.errors else {
                return counter
            }
            var relative = counter
            relative.comparedBits -= base.comparedBits
            relative.errors -= base.errors
            return relative
        }
    }
}

/// The instruments the sockets of a batch share, each taken in turns: the chamber, the BERT (behind its gate), the
/// meter, the switch and the thermocouple reader.
public struct BatchInstruments: Sendable {
    /// The chamber.
    public let chamber: SharedChamber
    /// The BERT's gate bookkeeping; each socket gets its own ``SharedGateBERT`` view.
    public let gate: SharedGateBERT.Gate
    /// The meter.
    public let meter: SharedMeter
    /// The switch, if the station has one.
    public let opticalSwitch: SharedSwitch?
    /// The thermocouple reader, if the station has one.
    public let thermocouples: SharedThermocoupleReader?

    /// Shares `station`'s chamber, BERT, meter and switch; a socket waiting for its turn leaves `clock` free.
    public init(station: ConnectedStation, clock: any StationClock) {
        chamber = SharedChamber(station.chamber, turns: InstrumentTurns(clock: clock))
        gate = SharedGateBERT.Gate(station.bert, turns: InstrumentTurns(clock: clock), clock: clock)
        meter = SharedMeter(station.meter, turns: InstrumentTurns(clock: clock))
        opticalSwitch = station.opticalSwitch.map { SharedSwitch($0, turns: InstrumentTurns(clock: clock)) }
        thermocouples = station.thermocouples.map { SharedThermocoupleReader($0, turns: InstrumentTurns(clock: clock)) }
    }
}
