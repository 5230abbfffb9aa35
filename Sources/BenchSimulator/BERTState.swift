/// One BERT channel: its generator and detector settings, and its error detector's counters.
struct BERTLane: Sendable {
    /// The generator's pattern.
    var tx = PatternSetting.powerOn
    /// The detector's expected pattern.
    var rx = PatternSetting.powerOn
    /// Whether the generator output is enabled.
    var outputOn = false
    /// Whether the detector is locked to the received pattern.
    var locked = false
    /// Whether the receiver saw a signal at the last evaluation.
    var signal = false
    /// Bits compared up to ``since``.
    var bits = 0.0
    /// From this bench time a locked lane in a running gate adds line-rate bits.
    var since = 0.0
    /// Errors counted in this gate.
    var errors: UInt64 = 0
    /// Compared bits whose errors have been drawn.
    var drawnBits = 0.0
    /// The lane's bit error ratio when it was last seen with signal, applied to bits not yet drawn.
    var lastBitErrorRatio = 0.0
    /// Acquisition attempts in the current gate, a key of each burst's bit flips.
    var hunts: UInt64 = 0
    /// How often the lock was lost.
    var syncLosses = 0
    /// Whether the lock was lost since the gate started or the channel's last re-synchronisation (sticky).
    var lockLost = false

    /// The detector loses its lock: counted, and latched in ``lockLost``.
    mutating func loseLock() {
        locked = false
        syncLosses += 1
        lockLost = true
    }

    /// Compared bits at `time` at line rate `rate` while `gateRunning`.
    func comparedBits(at time: Double, rate: Double, gateRunning: Bool) -> Double {
        guard locked, gateRunning, time > since else { return bits }
        return bits + rate * (time - since)
    }

    /// Folds the bits counted up to `time` into ``bits``.
    mutating func commit(at time: Double, rate: Double, gateRunning: Bool) {
        bits = comparedBits(at: time, rate: rate, gateRunning: gateRunning)
        since = max(since, time)
    }
}

/// The simulated multi-lane BERT: per-channel lanes, the shared line rate and the measurement gate.
struct BERTState: Sendable {
    /// One entry per channel (index = channel − 1).
    var lanes: [BERTLane]
    /// The line rate, bit/s.
    var lineRate: Double
    /// The power-on line rate, bit/s.
    var defaultLineRate: Double
    /// Every lane's power-on settings (the family's defaults; PRBS31 and outputs off unless set otherwise).
    var powerOnLane: BERTLane
    /// Whether the gate is counting.
    var gateRunning = false
    /// What identifies the current gate in the DUT's history, a key of error draws: the chamber set point at the
    /// gate's start, in tenths of a degree. It does not depend on how many gates this process has run, so a run
    /// resumed in a new process draws the same errors for the same step as the uninterrupted run would have.
    var gateContext: UInt64 = 0
    /// Counter reads in this gate (a key of error draws).
    var readOrdinal: UInt64 = 0
    /// Clean-burst acquisition outcomes.
    var memo = SyncMemo()

    /// Lowest line rate accepted by `SOUR:RATE`, bit/s.
    static let minimumLineRate = 1e6
    /// Highest line rate accepted by `SOUR:RATE`, bit/s.
    static let maximumLineRate = 64e9

    /// A BERT with `channels` channels at its power-on state: every lane set as `powerOnLane`.
    init(channels: Int, lineRate: Double, powerOnLane: BERTLane = BERTLane()) {
        lanes = [BERTLane](repeating: powerOnLane, count: max(0, channels))
        self.lineRate = lineRate
        defaultLineRate = lineRate
        self.powerOnLane = powerOnLane
    }

    /// Back to the power-on state (the power-on lane settings, counters zero, gate stopped), keeping the memo.
    mutating func reset() {
        lanes = [BERTLane](repeating: powerOnLane, count: lanes.count)
        lineRate = defaultLineRate
        gateRunning = false
        readOrdinal = 0
    }
}
