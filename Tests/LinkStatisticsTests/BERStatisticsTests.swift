import Foundation
import Testing
@testable import LinkStatistics

@Suite struct BERStatisticsTests {
    @Test func reproducesTheJBERTTable() throws {
        let table = [2.996, 4.744, 6.296, 7.754, 9.154, 10.51, 11.84]
        for (errors, expected) in table.enumerated() {
            let bits = try BERStatistics.requiredBits(errors: errors, confidence: 0.95, targetBER: 1e-12)
            #expect(roundedToSignificantFigures(bits / 1e12, 4) == expected)
        }
    }

    @Test func zeroErrorsNeedMinusLogOneMinusCLOverBER() throws {
        let at90 = try BERStatistics.requiredBits(errors: 0, confidence: 0.90, targetBER: 1e-12)
        let at99 = try BERStatistics.requiredBits(errors: 0, confidence: 0.99, targetBER: 1e-12)
        #expect(abs(at90 / 1e12 - 2.302585) < 1e-6)
        #expect(abs(at99 / 1e12 - 4.605170) < 1e-6)
        let bound = try BERStatistics.upperBound(bits: 5e12, errors: 0, confidence: 0.95)
        #expect(abs(bound - -log(0.05) / 5e12) < 1e-27)
    }

    @Test func timePerLaneMatchesTheReference() throws {
        let seconds = try [2e9, 4e9, 8e9].map {
            try BERStatistics.requiredSeconds(errors: 0, confidence: 0.95, targetBER: 1e-12, bitsPerSecond: $0)
        }
        #expect(seconds.map { $0.rounded() } == [1498, 749, 374])
    }

    /// Reference values of χ²_CL(2(E+1)) / 2 computed with mpmath at 40 digits.
    @Test(arguments: [
        (1, 0.95, 4.7438645183905773004),
        (10, 0.95, 16.962219235721899567),
        (100, 0.95, 118.0792727820970552),
        (1000, 0.99, 1076.0696074383078469),
        (10_000, 0.95, 10166.060136127070446),
        (100_000, 0.9, 100406.4777365541242),
        (1_000_000, 0.95, 1001646.4227676168062),
        (1_000_000, 0.999999, 1004761.627090178303),
        (1_000_000, 0.01, 997676.12169675152564),
        (3, 1e-6, 0.070992391358621097192),
        (20, 0.5, 20.667623706310499222),
    ])
    func quantileIsAccurateTo1e10(errors: Int, confidence: Double, expected: Double) throws {
        let lambda = try BERStatistics.poissonMeanUpperLimit(errors: errors, confidence: confidence)
        #expect(abs(lambda / expected - 1) < 1e-10)
    }

    @Test func upperBoundInvertsRequiredBits() throws {
        for errors in [0, 1, 5, 50, 5000] {
            for confidence in [0.6, 0.95, 0.999] {
                let bits = try BERStatistics.requiredBits(errors: errors, confidence: confidence, targetBER: 1e-12)
                let bound = try BERStatistics.upperBound(bits: bits, errors: errors, confidence: confidence)
                #expect(abs(bound / 1e-12 - 1) < 1e-13)
                let reached = try BERStatistics.confidence(bits: bits, errors: errors, targetBER: 1e-12)
                #expect(abs(reached - confidence) < 1e-12)
            }
        }
        // More errors in the same bits mean a looser bound.
        let one = try BERStatistics.upperBound(bits: 1e13, errors: 1, confidence: 0.95)
        let two = try BERStatistics.upperBound(bits: 1e13, errors: 2, confidence: 0.95)
        #expect(two > one)
    }

    @Test func chiSquareQuantileForEvenDegreesOfFreedom() throws {
        let two = try BERStatistics.chiSquareQuantile(probability: 0.95, degreesOfFreedom: 2)
        let four = try BERStatistics.chiSquareQuantile(probability: 0.95, degreesOfFreedom: 4)
        #expect(abs(two - 5.991464547107979) < 1e-12)
        #expect(abs(four - 9.487729036781154) < 1e-11)
        #expect(throws: BERStatisticsError.invalidDegreesOfFreedom(3)) {
            try BERStatistics.chiSquareQuantile(probability: 0.95, degreesOfFreedom: 3)
        }
    }

    @Test func rejectsUnusableInputsWithReadableMessages() {
        #expect(throws: BERStatisticsError.invalidConfidence(95)) {
            try BERStatistics.requiredBits(errors: 0, confidence: 95, targetBER: 1e-12)
        }
        #expect(BERStatisticsError.invalidConfidence(95).description.contains("0.95"))
        #expect(throws: BERStatisticsError.negativeErrors(-1)) {
            try BERStatistics.upperBound(bits: 1e12, errors: -1, confidence: 0.95)
        }
        #expect(throws: BERStatisticsError.invalidBitErrorRatio(0)) {
            try BERStatistics.requiredBits(errors: 0, confidence: 0.95, targetBER: 0)
        }
        #expect(throws: BERStatisticsError.invalidBits(0)) {
            try BERStatistics.upperBound(bits: 0, errors: 0, confidence: 0.95)
        }
    }

    @Test func incompleteGammaComplementsAndKnownValues() {
        // P(1, x) = 1 − e^(−x); P(a, x) + Q(a, x) = 1.
        #expect(abs(BERStatistics.regularizedLowerGamma(a: 1, x: 2) - (1 - exp(-2.0))) < 1e-15)
        for (a, x) in [(0.5, 0.2), (3.0, 2.0), (3.0, 9.0), (1e4, 1e4 + 50)] {
            let sum = BERStatistics.regularizedLowerGamma(a: a, x: x) + BERStatistics.regularizedUpperGamma(a: a, x: x)
            #expect(abs(sum - 1) < 1e-14)
        }
    }
}

private func roundedToSignificantFigures(_ value: Double, _ figures: Int) -> Double {
    let scale = pow(10, Double(figures) - (log10(abs(value))).rounded(.down) - 1)
    return (value * scale).rounded() / scale
}
