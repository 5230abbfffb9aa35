/// A self-synchronising PRBS error detector, as in a BERT's receiver.
///
/// **Hunting.** While unlocked the checker shifts received bits into an n-bit register. Once n bits are loaded
/// it predicts each next bit from the register and compares; after ``PRBSSyncPolicy/confirmationBits``
/// consecutive correct predictions (and a register that is not all zeros) it declares lock. Bits seen while
/// hunting are not counted.
///
/// **Locked.** At lock the register seeds a *free-running* reference that no longer looks at the received
/// bits, the way real BERT error detectors work. Every received bit is compared against it, so each flipped bit
/// counts exactly once. (A purely self-synchronous checker that keeps predicting from received bits, like a
/// descrambler, would count every flipped bit once more each time it passes a tap: three times for a
/// two-tap polynomial.) While locked the checker works a 64-bit word at a time: the reference word comes from
/// the word-parallel generator and errors are `popcount(reference ⊕ received)`.
///
/// **Losing lock.** Received words are grouped into windows of ``PRBSSyncPolicy/windowWords`` words counted
/// from the lock. As soon as one window holds more than ``PRBSSyncPolicy/maximumErrorsPerWindow`` errors
/// (by default more than 25 % of 1024 bits), the checker counts a sync loss and hunts again from the next
/// word. Bits and errors compared up to that point stay counted. A bit slip therefore costs about half a
/// window of errors and one sync loss, then a re-lock.
///
/// **Inversion.** With `inverted: true` received bits are complemented before anything else, for O.150
/// patterns sent inverted. An inverted stream never satisfies the recurrence of a non-inverted checker (every
/// prediction fails, since the polynomials here have an even number of taps), so it never locks.
///
/// Words are MSB-first (the first bit in time is bit 63) and consecutive calls continue the same stream, so
/// a stream may be fed in pieces of any size; lock may occur at any bit position.
public struct PRBSChecker: Sendable {
    /// The pattern expected.
    public let pattern: PRBSPattern
    /// Whether the received stream is expected inverted (each bit complemented).
    public let inverted: Bool
    /// The lock and loss-of-sync rules.
    public let policy: PRBSSyncPolicy

    /// Bits compared against the reference while locked.
    public private(set) var comparedBits = 0
    /// Compared bits that differed from the reference.
    public private(set) var errorBits = 0
    /// How many times lock was lost.
    public private(set) var syncLossCount = 0
    /// Whether the checker is locked and counting.
    public private(set) var isLocked = false

    /// Hunting: the latest received bits, bit 0 the newest.
    private var register: UInt64 = 0
    /// Hunting: how many bits the register holds (up to n).
    private var loadedBits = 0
    /// Hunting: consecutive correct predictions.
    private var matchedBits = 0
    /// Locked: `[0 ..< historyWords]` holds the latest reference words, the rest is scratch.
    private var work: [UInt64]
    /// Locked: words into the current loss-of-sync window.
    private var windowPosition = 0
    /// Locked: errors in the current loss-of-sync window.
    private var windowErrors = 0

    /// Creates an unlocked checker.
    ///
    /// - Parameters:
    ///   - pattern: the polynomial expected.
    ///   - inverted: whether the received stream is inverted.
    ///   - policy: lock and loss-of-sync rules.
    public init(pattern: PRBSPattern, inverted: Bool = false, policy: PRBSSyncPolicy = .standard) {
        self.pattern = pattern
        self.inverted = inverted
        self.policy = policy
        self.work = [UInt64](repeating: 0, count: pattern.historyWords + PRBSGenerator.chunkWords)
    }

    /// Errors per compared bit, or `nil` before any bit was compared.
    public var bitErrorRatio: Double? {
        comparedBits == 0 ? nil : Double(errorBits) / Double(comparedBits)
    }

    /// Zeroes ``comparedBits``, ``errorBits`` and ``syncLossCount`` and keeps the lock, for a new gating period.
    public mutating func resetCounters() {
        comparedBits = 0
        errorBits = 0
        syncLossCount = 0
    }

    /// Checks the next words of the received stream.
    public mutating func check(_ words: [UInt64]) {
        words.withUnsafeBufferPointer { check($0) }
    }

    /// Checks the next words of the received stream.
    public mutating func check(_ words: UnsafeBufferPointer<UInt64>) {
        guard let base = words.baseAddress else {
            return
        }
        let invert: UInt64 = inverted ? ~0 : 0
        var index = 0
        while index < words.count {
            if isLocked {
                index += checkLocked(base + index, count: words.count - index, invert: invert)
            } else {
                hunt(base[index] ^ invert)
                index += 1
            }
        }
    }

    /// Feeds one word bit by bit to the hunting register; locks when the prediction has held long enough.
    private mutating func hunt(_ word: UInt64) {
        let mask = pattern.registerMask
        var consumed = 0
        while consumed < 64 {
            let bit = (word >> UInt64(63 - consumed)) & 1
            consumed += 1
            if loadedBits < pattern.degree {
                loadedBits += 1
            } else {
                matchedBits = pattern.feedback(register) == bit ? matchedBits + 1 : 0
            }
            register = ((register << 1) | bit) & mask
            if matchedBits >= policy.confirmationBits && register != 0 {
                lock(word, consumed: consumed)
                return
            }
        }
    }

    /// Declares lock after `consumed` bits of `word`: checks its remaining bits one by one against the
    /// free-running reference, then sets up the word-parallel reference for the following words.
    private mutating func lock(_ word: UInt64, consumed: Int) {
        isLocked = true
        windowPosition = 0
        windowErrors = 0
        let mask = pattern.registerMask
        var reference = register
        for position in consumed..<64 {
            let expected = pattern.feedback(reference)
            if expected != (word >> UInt64(63 - position)) & 1 {
                errorBits += 1
                windowErrors += 1
            }
            reference = ((reference << 1) | expected) & mask
            comparedBits += 1
        }
        let pattern = self.pattern
        work.withUnsafeMutableBufferPointer { buffer in
            if let history = buffer.baseAddress {
                pattern.writeHistory(endingWith: reference, into: history)
            }
        }
        if windowErrors > policy.maximumErrorsPerWindow {
            loseLock()
        }
    }

    /// Counts a sync loss and starts hunting afresh.
    private mutating func loseLock() {
        isLocked = false
        syncLossCount += 1
        register = 0
        loadedBits = 0
        matchedBits = 0
    }

    /// Compares words against the reference until they run out or lock is lost; returns the words consumed.
    private mutating func checkLocked(_ received: UnsafePointer<UInt64>, count: Int, invert: UInt64) -> Int {
        var run = LockedRun(windowPosition: windowPosition, windowErrors: windowErrors)
        let pattern = self.pattern
        let policy = self.policy
        work.withUnsafeMutableBufferPointer { buffer in
            guard let work = buffer.baseAddress else {
                return
            }
            switch pattern {
            case .prbs7: Self.compare(Leap7.self, work, received, count, invert, policy, &run)
            case .prbs9: Self.compare(Leap9.self, work, received, count, invert, policy, &run)
            case .prbs11: Self.compare(Leap11.self, work, received, count, invert, policy, &run)
            case .prbs13: Self.compare(Leap13.self, work, received, count, invert, policy, &run)
            case .prbs15: Self.compare(Leap15.self, work, received, count, invert, policy, &run)
            case .prbs20: Self.compare(Leap20.self, work, received, count, invert, policy, &run)
            case .prbs23: Self.compare(Leap23.self, work, received, count, invert, policy, &run)
            case .prbs31: Self.compare(Leap31.self, work, received, count, invert, policy, &run)
            }
        }
        comparedBits += run.consumed * 64
        errorBits += run.errors
        windowPosition = run.windowPosition
        windowErrors = run.windowErrors
        if run.lost {
            loseLock()
        }
        return run.consumed
    }
}
