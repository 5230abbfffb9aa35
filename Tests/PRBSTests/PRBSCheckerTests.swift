import PRBS
import Testing

@Suite struct PRBSCheckerTests {
    /// A clean stream locks after the register is loaded (n bits) and 64 predictions held.
    static func acquisitionBits(_ pattern: PRBSPattern) -> Int {
        pattern.degree + PRBSSyncPolicy.standard.confirmationBits
    }

    @Test(arguments: PRBSPattern.allCases)
    func locksOnACleanStreamFromAnyPhase(_ pattern: PRBSPattern) {
        let words = stream(pattern, words: 400)
        for phase in [0, 1, 7, 31, 63, 64, 65, 130, 1000, 4321] {
            let shifted = dropping(phase, from: words)
            let checker = checked(shifted, pattern)
            #expect(checker.isLocked, "phase \(phase)")
            #expect(checker.errorBits == 0, "phase \(phase)")
            #expect(checker.syncLossCount == 0, "phase \(phase)")
            #expect(checker.comparedBits == shifted.count * 64 - Self.acquisitionBits(pattern), "phase \(phase)")
        }
    }

    @Test(arguments: PRBSPattern.allCases)
    func countsEachInjectedErrorExactlyOnce(_ pattern: PRBSPattern) {
        var words = stream(pattern, words: 4096)
        var random = SplitMix64(seed: 0x5EED_0000 + UInt64(pattern.degree))
        var positions = Set<Int>()
        while positions.count < 700 {
            positions.insert(Int.random(in: 256..<(words.count * 64), using: &random))
        }
        for position in positions {
            words = flipping(position, in: words)
        }
        let checker = checked(words, pattern)
        #expect(checker.errorBits == 700)
        #expect(checker.syncLossCount == 0)
        #expect(checker.isLocked)
        #expect(checker.comparedBits == 4096 * 64 - Self.acquisitionBits(pattern))
    }

    @Test(arguments: PRBSPattern.allCases)
    func aSingleFlippedBitIsOneErrorNotThreeEchoes(_ pattern: PRBSPattern) {
        let words = flipping(5000, in: stream(pattern, words: 200))
        #expect(checked(words, pattern).errorBits == 1)
    }

    @Test(arguments: PRBSPattern.allCases)
    func errorsCountTheSameWhateverTheCallSizes(_ pattern: PRBSPattern) {
        var words = stream(pattern, words: 3000)
        var random = SplitMix64(seed: 99)
        for _ in 0..<150 {
            words = flipping(Int.random(in: 200..<(words.count * 64), using: &random), in: words)
        }
        let whole = checked(words, pattern)

        var pieces = PRBSChecker(pattern: pattern)
        var start = 0
        while start < words.count {
            let length = min(words.count - start, [0, 1, 2, 5, 17, 64, 333, 1500].randomElement(using: &random) ?? 1)
            pieces.check(Array(words[start..<(start + length)]))
            start += length
        }
        #expect(pieces.errorBits == whole.errorBits)
        #expect(pieces.comparedBits == whole.comparedBits)
        #expect(pieces.syncLossCount == whole.syncLossCount)
        #expect(pieces.isLocked == whole.isLocked)
    }

    @Test(arguments: PRBSPattern.allCases)
    func anInvertedStreamLocksOnlyWhenTheCheckerIsToldSo(_ pattern: PRBSPattern) {
        let inverted = stream(pattern, words: 500, inverted: true)

        let told = checked(inverted, pattern, inverted: true)
        #expect(told.isLocked)
        #expect(told.errorBits == 0)
        #expect(told.comparedBits == 500 * 64 - Self.acquisitionBits(pattern))

        let notTold = checked(inverted, pattern)
        #expect(!notTold.isLocked)
        #expect(notTold.comparedBits == 0)

        let plainToldInverted = checked(stream(pattern, words: 500), pattern, inverted: true)
        #expect(!plainToldInverted.isLocked)
    }

    @Test(arguments: [PRBSPattern.prbs15, .prbs23, .prbs31])
    func countsErrorsInAnInvertedO150Stream(_ pattern: PRBSPattern) {
        var words = stream(pattern, words: 2000, inverted: pattern.isInvertedByO150)
        let positions = Array(stride(from: 300, to: 2000 * 64, by: 1009))
        for position in positions {
            words = flipping(position, in: words)
        }
        let checker = checked(words, pattern, inverted: true)
        #expect(checker.errorBits == positions.count)
        #expect(checker.syncLossCount == 0)
    }

    @Test(arguments: PRBSPattern.allCases)
    func relocksAfterABurstAndCountsCleanlyAgain(_ pattern: PRBSPattern) {
        var words = stream(pattern, words: 4000)
        var random = SplitMix64(seed: 7)
        for index in 1000..<1100 {
            words[index] = random.next()
        }
        var checker = PRBSChecker(pattern: pattern)
        checker.check(Array(words[0..<1200]))
        #expect(checker.syncLossCount == 1)
        #expect(checker.isLocked)
        #expect(checker.errorBits > PRBSSyncPolicy.standard.maximumErrorsPerWindow)
        let errorsAfterBurst = checker.errorBits
        let comparedAfterBurst = checker.comparedBits

        checker.check(Array(words[1200...]))
        #expect(checker.errorBits == errorsAfterBurst)
        #expect(checker.comparedBits == comparedAfterBurst + 2800 * 64)
        #expect(checker.syncLossCount == 1)
    }

    @Test(arguments: PRBSPattern.allCases)
    func aBitSlipLosesLockOnceAndRelocks(_ pattern: PRBSPattern) {
        let words = stream(pattern, words: 3000)
        let slipped = Array(words[0..<1000]) + dropping(1, from: Array(words[1000...]))
        var checker = PRBSChecker(pattern: pattern)
        checker.check(Array(slipped[0..<1500]))
        #expect(checker.syncLossCount == 1)
        #expect(checker.isLocked)
        let errors = checker.errorBits
        checker.check(Array(slipped[1500...]))
        #expect(checker.errorBits == errors)
        #expect(checker.syncLossCount == 1)
    }

    @Test func lockIsLostOnlyWhenAWindowExceedsTheLimit() {
        let pattern = PRBSPattern.prbs7
        // Lock is declared inside word 1 (71 bits), so windows of 16 words start at word 2.
        let clean = stream(pattern, words: 200)
        func injected(_ count: Int) -> [UInt64] {
            var words = clean
            for error in 0..<count {
                words = flipping(2 * 64 + (error * 1024) / count, in: words)
            }
            return words
        }
        let atLimit = checked(injected(256), pattern)
        #expect(atLimit.syncLossCount == 0)
        #expect(atLimit.errorBits == 256)
        #expect(atLimit.isLocked)

        let overLimit = checked(injected(257), pattern)
        #expect(overLimit.syncLossCount == 1)
        #expect(overLimit.isLocked)
        #expect(overLimit.errorBits == 257)
    }

    @Test func aCustomPolicyChangesConfirmationAndLimit() {
        let policy = PRBSSyncPolicy(confirmationBits: 200, windowBits: 100, maximumErrorsPerWindow: 0)
        #expect(policy.windowWords == 2)
        #expect(policy.windowBits == 128)
        var checker = PRBSChecker(pattern: .prbs15, policy: policy)
        checker.check(flipping(3000, in: stream(.prbs15, words: 100)))
        #expect(checker.comparedBits > 0)
        #expect(checker.syncLossCount == 1)
        #expect(checker.isLocked)
    }

    @Test(arguments: PRBSPattern.allCases)
    func neverLocksOnZerosOnesOrNoise(_ pattern: PRBSPattern) {
        #expect(!checked([UInt64](repeating: 0, count: 100), pattern).isLocked)
        #expect(!checked([UInt64](repeating: ~0, count: 100), pattern).isLocked)
        var random = SplitMix64(seed: 1234)
        #expect(!checked((0..<500).map { _ in random.next() }, pattern).isLocked)
    }

    @Test func bitErrorRatioAndCounterReset() throws {
        var checker = PRBSChecker(pattern: .prbs31)
        #expect(checker.bitErrorRatio == nil)
        let words = flipping(10_000, in: stream(.prbs31, words: 1000))
        checker.check(words)
        let ratio = try #require(checker.bitErrorRatio)
        #expect(ratio == 1 / Double(1000 * 64 - 95))
        checker.resetCounters()
        #expect(checker.comparedBits == 0)
        #expect(checker.errorBits == 0)
        #expect(checker.isLocked)
    }
}
