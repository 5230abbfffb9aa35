import PRBS

/// The polynomials from protocols.md §5, written out independently of `PRBSPattern.tapExponents`.
let documentedExponents: [PRBSPattern: [Int]] = [
    .prbs7: [7, 6], .prbs9: [9, 5], .prbs11: [11, 9], .prbs13: [13, 12, 2, 1],
    .prbs15: [15, 14], .prbs20: [20, 3], .prbs23: [23, 18], .prbs31: [31, 28],
]

/// A plain bit-serial Fibonacci register, the way protocols.md §5 describes it:
/// `fb = ⊕ s[e-1]`, `s = (s << 1) | fb`, output `fb`.
struct ReferenceRegister {
    let exponents: [Int]
    let mask: UInt64
    var state: UInt64

    init(_ pattern: PRBSPattern, seed: UInt64? = nil) {
        let exponents = documentedExponents[pattern] ?? []
        let degree = exponents.max() ?? 0
        self.exponents = exponents
        self.mask = (1 << UInt64(degree)) - 1
        self.state = seed ?? mask
    }

    mutating func nextBit() -> UInt8 {
        var feedback: UInt64 = 0
        for exponent in exponents {
            feedback ^= (state >> UInt64(exponent - 1)) & 1
        }
        state = ((state << 1) | feedback) & mask
        return UInt8(feedback)
    }

    mutating func nextWord() -> UInt64 {
        var word: UInt64 = 0
        for _ in 0..<64 {
            word = (word << 1) | UInt64(nextBit())
        }
        return word
    }
}

/// SplitMix64: a small deterministic random source for injecting errors at a fixed seed.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

/// `count` words of a pattern from the all-ones seed.
func stream(_ pattern: PRBSPattern, words count: Int, inverted: Bool = false) -> [UInt64] {
    var generator = PRBSGenerator(pattern: pattern, inverted: inverted)
    var words = [UInt64](repeating: 0, count: count)
    generator.fill(&words)
    return words
}

/// Bit `position` of an MSB-first word stream.
func bit(_ words: [UInt64], _ position: Int) -> UInt64 {
    (words[position >> 6] >> UInt64(63 - (position & 63))) & 1
}

/// The 64 stream bits starting at bit `position`, MSB-first.
func window(_ words: [UInt64], at position: Int) -> UInt64 {
    let index = position >> 6
    let shift = UInt64(position & 63)
    if shift == 0 {
        return words[index]
    }
    return (words[index] << shift) | (words[index + 1] >> (64 - shift))
}

/// The stream without its first `bits` bits, cut to whole words.
func dropping(_ bits: Int, from words: [UInt64]) -> [UInt64] {
    let count = (words.count * 64 - bits) / 64
    return (0..<count).map { window(words, at: bits + $0 * 64) }
}

/// The stream with bit `position` flipped.
func flipping(_ position: Int, in words: [UInt64]) -> [UInt64] {
    var copy = words
    copy[position >> 6] ^= 1 << UInt64(63 - (position & 63))
    return copy
}

/// Checks `words` with a fresh checker.
func checked(_ words: [UInt64], _ pattern: PRBSPattern, inverted: Bool = false) -> PRBSChecker {
    var checker = PRBSChecker(pattern: pattern, inverted: inverted)
    checker.check(words)
    return checker
}
