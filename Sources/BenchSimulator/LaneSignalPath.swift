import BenchModel
import PRBS

/// One end's pattern setting: the polynomial and whether the bits are inverted.
struct PatternSetting: Sendable, Hashable {
    /// The polynomial.
    var pattern: PRBSPattern
    /// Whether every bit is complemented.
    var inverted: Bool

    /// The power-on setting of a lane: PRBS31, not inverted.
    static let powerOn = PatternSetting(pattern: .prbs31, inverted: false)
}

/// Real bits through a lane: a ``PRBSGenerator`` with the transmitter's pattern, bit flips where the lane's
/// bit error ratio puts them, and a ``PRBSChecker`` with the receiver's pattern.
///
/// Sync is decided by the checker actually locking onto a burst of ``burstWords`` words, so a pattern or
/// polarity mismatch between transmitter and receiver genuinely never syncs. A clean burst (no flips) for a
/// given pair of settings always ends the same way, so ``SyncMemo`` keeps that outcome.
enum LaneSignalPath {
    /// Words in an acquisition burst (64 bits each).
    static let burstWords = 1024
    /// Bits in an acquisition burst.
    static var burstBits: Int { burstWords * 64 }

    /// Whether the receiver locks onto a burst from the transmitter with `flips` (bit positions) in error.
    static func acquires(tx: PatternSetting, rx: PatternSetting, flips: [Int]) -> Bool {
        var words = burst(tx: tx, words: burstWords)
        flip(&words, at: flips)
        var checker = PRBSChecker(pattern: rx.pattern, inverted: rx.inverted)
        checker.check(words)
        return checker.isLocked
    }

    /// Sends a burst to lock, then `segmentWords` words with `flips` (positions within the segment) in error,
    /// and returns the errors the checker counted in the segment and whether it held its lock throughout (a
    /// checker that lost sync and re-locked counts as having lost it, as a BERT's latched sync-loss flag).
    static func countErrors(
        tx: PatternSetting, rx: PatternSetting, segmentWords: Int, flips: [Int]
    ) -> (errors: Int, locked: Bool) {
        var generator = PRBSGenerator(pattern: tx.pattern, inverted: tx.inverted)
        var preamble = [UInt64](repeating: 0, count: burstWords)
        generator.fill(&preamble)
        var checker = PRBSChecker(pattern: rx.pattern, inverted: rx.inverted)
        checker.check(preamble)
        guard checker.isLocked else { return (0, false) }
        checker.resetCounters()
        var segment = [UInt64](repeating: 0, count: max(1, segmentWords))
        generator.fill(&segment)
        flip(&segment, at: flips)
        checker.check(segment)
        return (checker.errorBits, checker.isLocked && checker.syncLossCount == 0)
    }

    /// `count` distinct bit positions in `0..<bits`, drawn from `random` with `keys`.
    static func flipPositions(count: Int, bits: Int, random: SeededRandom, keys: [UInt64]) -> [Int] {
        guard count > 0, bits > 0 else { return [] }
        var positions = Set<Int>()
        var attempt: UInt64 = 0
        while positions.count < min(count, bits) {
            let position = Int(random.uniform(keys: keys + [attempt]) * Double(bits))
            positions.insert(min(position, bits - 1))
            attempt += 1
        }
        return positions.sorted()
    }

    private static func burst(tx: PatternSetting, words count: Int) -> [UInt64] {
        var generator = PRBSGenerator(pattern: tx.pattern, inverted: tx.inverted)
        var words = [UInt64](repeating: 0, count: count)
        generator.fill(&words)
        return words
    }

    /// Flips bit `position` (0 = the first bit in time, bit 63 of word 0) for every position given.
    private static func flip(_ words: inout [UInt64], at positions: [Int]) {
        for position in positions where position >= 0 && position < words.count * 64 {
            words[position / 64] ^= UInt64(1) << UInt64(63 - position % 64)
        }
    }
}

/// Outcomes of clean acquisition bursts by transmitter and receiver setting (a pure function, kept).
struct SyncMemo: Sendable {
    private struct Pair: Hashable {
        var tx: PatternSetting
        var rx: PatternSetting
    }

    private var outcomes: [Pair: Bool] = [:]

    /// Whether the receiver locks onto a clean burst from the transmitter.
    mutating func cleanAcquisition(tx: PatternSetting, rx: PatternSetting) -> Bool {
        let pair = Pair(tx: tx, rx: rx)
        if let known = outcomes[pair] { return known }
        let locked = LaneSignalPath.acquires(tx: tx, rx: rx, flips: [])
        outcomes[pair] = locked
        return locked
    }
}
