import PRBS
import Testing

@Suite struct PRBSGeneratorTests {
    /// protocols.md §5, "First bytes from an all-ones seed".
    static let firstBytes: [(PRBSPattern, [UInt8], [UInt8]?)] = [
        (.prbs7, [0x02, 0x0C, 0x28, 0xF2, 0x2C, 0xEA, 0x7D, 0x0E], nil),
        (.prbs9, [0x07, 0xBE, 0x2E, 0x64, 0x12, 0x9D, 0xA3, 0xCF], nil),
        (.prbs11, [0x00, 0x60, 0x3C, 0x19, 0x8F, 0xF6, 0x05, 0xC2], nil),
        (.prbs13, [0x6D, 0xBC, 0xF3, 0x56, 0x3F, 0xC3, 0x6E, 0xE7], nil),
        (.prbs15, [0x00, 0x02, 0x00, 0x0C, 0x00, 0x28, 0x00, 0xF0], [0xFF, 0xFD, 0xFF, 0xF3, 0xFF, 0xD7, 0xFF, 0x0F]),
        (.prbs20, [0x1C, 0x71, 0xC8, 0xDC, 0x8D, 0x28, 0xD2, 0x82], nil),
        (.prbs23, [0x00, 0x00, 0x3E, 0x00, 0x0F, 0xFC, 0x03, 0xE0], [0xFF, 0xFF, 0xC1, 0xFF, 0xF0, 0x03, 0xFC, 0x1F]),
        (.prbs31, [0x00, 0x00, 0x00, 0x0E, 0x00, 0x00, 0x00, 0xFC], [0xFF, 0xFF, 0xFF, 0xF1, 0xFF, 0xFF, 0xFF, 0x03]),
    ]

    @Test(arguments: firstBytes.indices)
    func firstBytesMatchTheTable(_ row: Int) {
        let (pattern, expected, expectedInverted) = Self.firstBytes[row]
        var generator = PRBSGenerator(pattern: pattern)
        #expect(generator.nextBytes(8) == expected)

        var inverted = PRBSGenerator(pattern: pattern, inverted: true)
        #expect(inverted.nextBytes(8) == (expectedInverted ?? expected.map { ~$0 }))

        var words = PRBSGenerator(pattern: pattern)
        let word = words.nextWord()
        #expect(word == expected.reduce(0) { ($0 << 8) | UInt64($1) })
    }

    @Test(arguments: PRBSPattern.allCases)
    func wordParallelOutputEqualsTheBitSerialRegister(_ pattern: PRBSPattern) {
        var reference = ReferenceRegister(pattern)
        let expected = (0..<3000).map { _ in reference.nextWord() }
        #expect(stream(pattern, words: 3000) == expected)
    }

    @Test(arguments: PRBSPattern.allCases)
    func seededOutputEqualsTheBitSerialRegister(_ pattern: PRBSPattern) throws {
        var random = SplitMix64(seed: UInt64(pattern.degree))
        for _ in 0..<3 {
            let seed = UInt64.random(in: 1...((1 << UInt64(pattern.degree)) - 1), using: &random)
            var generator = try PRBSGenerator(pattern: pattern, seed: seed)
            var reference = ReferenceRegister(pattern, seed: seed)
            var words = [UInt64](repeating: 0, count: 700)
            generator.fill(&words)
            #expect(words == (0..<700).map { _ in reference.nextWord() }, "seed \(seed)")
        }
    }

    @Test(arguments: PRBSPattern.allCases)
    func mixingBytesWordsAndFillsContinuesOneStream(_ pattern: PRBSPattern) {
        let whole = stream(pattern, words: 40)
        let wholeBytes = whole.flatMap(bytes(of:))

        var generator = PRBSGenerator(pattern: pattern)
        var pieces = generator.nextBytes(3)
        let word = generator.nextWord()
        pieces += bytes(of: word)
        var filled = [UInt64](repeating: 0, count: 5)
        generator.fill(&filled)
        pieces += filled.flatMap(bytes(of:))
        pieces += generator.nextBytes(13)
        pieces += generator.nextBytes(0)
        pieces += generator.nextBytes(5)
        pieces += generator.nextBytes(100)
        #expect(pieces == Array(wholeBytes.prefix(pieces.count)))
    }

    @Test(arguments: PRBSPattern.allCases)
    func invertedOutputIsTheComplement(_ pattern: PRBSPattern) {
        let plain = stream(pattern, words: 200)
        let inverted = stream(pattern, words: 200, inverted: true)
        #expect(inverted == plain.map { ~$0 })
    }

    @Test(arguments: [PRBSPattern.prbs7, .prbs9, .prbs11, .prbs13, .prbs15])
    func maximalLengthVisitsEveryNonZeroState(_ pattern: PRBSPattern) {
        let period = pattern.period
        let n = pattern.degree
        let words = stream(pattern, words: (period + n) / 64 + 2)
        var seen = [Bool](repeating: false, count: period + 1)
        var state = 0
        for position in 0..<(period + n - 1) {
            state = ((state << 1) | Int(bit(words, position))) & period
            if position >= n - 1 {
                #expect(state != 0, "all-zero state at bit \(position)")
                #expect(!seen[state], "state \(state) repeats before the period, at bit \(position)")
                seen[state] = true
            }
        }
        #expect(seen.dropFirst().allSatisfy { $0 })
    }

    @Test(arguments: [PRBSPattern.prbs7, .prbs9, .prbs11, .prbs13, .prbs15, .prbs20, .prbs23])
    func streamRepeatsAfterExactlyOnePeriod(_ pattern: PRBSPattern) {
        let period = pattern.period
        let words = stream(pattern, words: (2 * period) / 64 + 2)
        let compared = period / 64
        var mismatches = 0
        for index in 0..<compared where window(words, at: period + index * 64) != words[index] {
            mismatches += 1
        }
        #expect(mismatches == 0)
        #expect(window(words, at: period - 1) != words[0] || window(words, at: period + 1) != words[0])
    }

    @Test func zeroAndOversizedSeedsAreRejectedWithContext() {
        #expect(throws: PRBSSeedError(pattern: .prbs7, seed: 0)) {
            try PRBSGenerator(pattern: .prbs7, seed: 0)
        }
        do {
            _ = try PRBSGenerator(pattern: .prbs9, seed: 0x200)
            Issue.record("a seed above the 9-bit register was accepted")
        } catch {
            #expect(error.seed == 0x200)
            #expect(error.description.contains("PRBS9"))
            #expect(error.description.contains("0x200"))
            #expect(error.description.contains("0x1FF"))
        }
        #expect(PRBSSeedError(pattern: .prbs31, seed: 0).description.contains("all zeros"))
    }

    @Test func allOnesSeedEqualsTheDefault() throws {
        for pattern in PRBSPattern.allCases {
            var seeded = try PRBSGenerator(pattern: pattern, seed: (1 << UInt64(pattern.degree)) - 1)
            var plain = PRBSGenerator(pattern: pattern)
            #expect(seeded.nextBytes(64) == plain.nextBytes(64))
        }
    }

    @Test func fillingAnEmptyBufferLeavesTheStreamWhereItWas() {
        var generator = PRBSGenerator(pattern: .prbs23)
        var empty: [UInt64] = []
        generator.fill(&empty)
        #expect(generator.nextWord() == stream(.prbs23, words: 1)[0])
    }
}

/// The eight bytes of a word, first in time first.
private func bytes(of word: UInt64) -> [UInt8] {
    (0..<8).map { UInt8(truncatingIfNeeded: word >> UInt64(56 - 8 * $0)) }
}
