/// Generates a PRBS bit stream, 64 bits per step.
///
/// The stream is that of a Fibonacci register: `fb = s[n-1] ⊕ s[m-1]` (XOR over every tap for PRBS13),
/// `s = (s << 1) | fb`, output `fb`. Bits are packed MSB-first: the first bit in time is bit 63 of the first
/// word, or bit 7 of the first byte. From the default all-ones seed PRBS7 starts `02 0C 28 F2 …`.
///
/// Internally the generator keeps the last few dozen output words and computes each new word with one XOR
/// per tap (for PRBS31, word k = word k−31 ⊕ word k−28; see `LeapKernel`), so a bulk `fill` runs at tens of
/// Gbit/s on one core. ``nextWord()``, `fill` and ``nextBytes(_:)`` all continue the same stream and may be
/// mixed freely.
public struct PRBSGenerator: Sendable {
    /// The pattern being generated.
    public let pattern: PRBSPattern
    /// Whether every output bit is complemented (O.150 inversion; see ``PRBSPattern/isInvertedByO150``).
    public let inverted: Bool

    /// Words per bulk step; the work buffer holds the history followed by one chunk.
    static let chunkWords = 1024

    /// `[0 ..< historyWords]`: the latest output words (not inverted), oldest first; the rest is scratch.
    private var work: [UInt64]
    /// Output bits already produced but not yet returned, MSB-aligned and already inverted if needed.
    private var pending: UInt64 = 0
    /// How many bits of `pending` are valid (0 ..< 64).
    private var pendingBits = 0

    /// A generator starting from the all-ones seed.
    ///
    /// - Parameters:
    ///   - pattern: the polynomial.
    ///   - inverted: complement every output bit.
    public init(pattern: PRBSPattern, inverted: Bool = false) {
        self.init(validSeed: pattern.registerMask, pattern: pattern, inverted: inverted)
    }

    /// A generator starting from a given register state.
    ///
    /// - Parameters:
    ///   - pattern: the polynomial.
    ///   - seed: the n-bit register; bit j is the output j steps before the first generated bit.
    ///   - inverted: complement every output bit.
    /// - Throws: ``PRBSSeedError`` when the seed is zero or has bits above the register.
    public init(pattern: PRBSPattern, seed: UInt64, inverted: Bool = false) throws(PRBSSeedError) {
        guard seed != 0, seed & ~pattern.registerMask == 0 else {
            throw PRBSSeedError(pattern: pattern, seed: seed)
        }
        self.init(validSeed: seed, pattern: pattern, inverted: inverted)
    }

    private init(validSeed: UInt64, pattern: PRBSPattern, inverted: Bool) {
        self.pattern = pattern
        self.inverted = inverted
        var work = [UInt64](repeating: 0, count: pattern.historyWords + Self.chunkWords)
        work.withUnsafeMutableBufferPointer { buffer in
            if let base = buffer.baseAddress {
                pattern.writeHistory(endingWith: validSeed, into: base)
            }
        }
        self.work = work
    }

    /// The next 64 bits of the stream, the first in time in bit 63.
    public mutating func nextWord() -> UInt64 {
        var word: UInt64 = 0
        withUnsafeMutablePointer(to: &word) { produceRaw(into: $0, count: 1) }
        return emit(word)
    }

    /// Overwrites every element of `words` with the next words of the stream.
    public mutating func fill(_ words: UnsafeMutableBufferPointer<UInt64>) {
        guard let base = words.baseAddress, !words.isEmpty else {
            return
        }
        produceRaw(into: base, count: words.count)
        if inverted || pendingBits != 0 {
            for index in 0..<words.count {
                base[index] = emit(base[index])
            }
        }
    }

    /// Overwrites every element of `words` with the next words of the stream.
    public mutating func fill(_ words: inout [UInt64]) {
        words.withUnsafeMutableBufferPointer { fill($0) }
    }

    /// The next `count` bytes of the stream, MSB-first (the first bit in time is bit 7 of the first byte).
    public mutating func nextBytes(_ count: Int) -> [UInt8] {
        guard count > 0 else {
            return []
        }
        return [UInt8](unsafeUninitializedCapacity: count) { buffer, initialized in
            var index = 0
            while index < count && pendingBits > 0 {
                buffer[index] = UInt8(truncatingIfNeeded: pending >> 56)
                pending <<= 8
                pendingBits -= 8
                index += 1
            }
            let wholeWords = (count - index) / 8
            if wholeWords > 0 {
                var words = [UInt64](repeating: 0, count: wholeWords)
                fill(&words)
                for word in words {
                    for shift in stride(from: 56, through: 0, by: -8) {
                        buffer[index] = UInt8(truncatingIfNeeded: word >> UInt64(shift))
                        index += 1
                    }
                }
            }
            if index < count {
                var word = nextWord()
                pendingBits = 64
                while index < count {
                    buffer[index] = UInt8(truncatingIfNeeded: word >> 56)
                    word <<= 8
                    pendingBits -= 8
                    index += 1
                }
                pending = word
            }
            initialized = count
        }
    }

    /// Returns a freshly generated (already inverted) word after any pending bits, keeping the rest pending.
    @inline(__always)
    private mutating func emit(_ raw: UInt64) -> UInt64 {
        let word = inverted ? ~raw : raw
        guard pendingBits != 0 else {
            return word
        }
        let shift = UInt64(pendingBits)
        let out = pending | (word >> shift)
        pending = word << (64 - shift)
        return out
    }

    /// Writes `count` raw (not inverted) words to `out` and advances the history.
    private mutating func produceRaw(into out: UnsafeMutablePointer<UInt64>, count: Int) {
        let pattern = self.pattern
        work.withUnsafeMutableBufferPointer { buffer in
            guard let work = buffer.baseAddress else {
                return
            }
            switch pattern {
            case .prbs7: Self.produce(Leap7.self, work: work, out: out, count: count)
            case .prbs9: Self.produce(Leap9.self, work: work, out: out, count: count)
            case .prbs11: Self.produce(Leap11.self, work: work, out: out, count: count)
            case .prbs13: Self.produce(Leap13.self, work: work, out: out, count: count)
            case .prbs15: Self.produce(Leap15.self, work: work, out: out, count: count)
            case .prbs20: Self.produce(Leap20.self, work: work, out: out, count: count)
            case .prbs23: Self.produce(Leap23.self, work: work, out: out, count: count)
            case .prbs31: Self.produce(Leap31.self, work: work, out: out, count: count)
            }
        }
    }

    /// The bulk loop, specialised per kernel: extend the history chunk by chunk and copy each chunk out.
    private static func produce<K: LeapKernel>(
        _ kernel: K.Type,
        work: UnsafeMutablePointer<UInt64>,
        out: UnsafeMutablePointer<UInt64>,
        count: Int
    ) {
        let history = K.historyWords
        var done = 0
        while done < count {
            let chunk = min(chunkWords, count - done)
            for k in history..<(history + chunk) {
                work[k] = K.word(work, k)
            }
            (out + done).update(from: work + history, count: chunk)
            for index in 0..<history {
                work[index] = work[chunk + index]
            }
            done += chunk
        }
    }
}
