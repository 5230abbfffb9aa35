import Foundation
import Testing
@testable import BenchModel

@Suite struct ErrorCountModelTests {
    @Test func expectedErrorsIsBERTimesBits() {
        #expect(ErrorCountModel.expectedErrors(ber: 1e-12, bits: 3e12) == 3e-12 * 1e12)
        #expect(ErrorCountModel.expectedErrors(ber: 0, bits: 3e12) == 0)
        #expect(ErrorCountModel.expectedErrors(ber: 2, bits: 10) == 10)
    }

    @Test func drawnErrorsAreDeterministicPoissonCounts() {
        let noise = SeededRandom(seed: 8)
        let lane: UInt64 = 12
        #expect(ErrorCountModel.drawErrors(ber: 1e-9, bits: 4e9, noise: noise, lane, 3)
            == ErrorCountModel.drawErrors(ber: 1e-9, bits: 4e9, noise: noise, lane, 3))
        // One-second gates at 4 Gb/s and BER 1e-9: 4 errors per gate on average.
        let gates = (0..<20_000).map {
            Double(ErrorCountModel.drawErrors(ber: 1e-9, bits: 4e9, noise: noise, lane, UInt64($0)))
        }
        #expect(abs(mean(gates) - 4) < 0.07)
        #expect(abs(variance(gates) / 4 - 1) < 0.06)
        #expect(ErrorCountModel.drawErrors(ber: 0, bits: 4e9, noise: noise, lane, 1) == 0)
    }

    @Test func deadLaneErrorsAreHalfTheBitsAndNeverExceedThem() {
        let noise = SeededRandom(seed: 8)
        let dead = ErrorCountModel.drawErrors(ber: 0.5, bits: 4e9, noise: noise, 1)
        #expect(abs(Double(dead) / 2e9 - 1) < 1e-3)
        #expect(ErrorCountModel.drawErrors(ber: 1, bits: 10, noise: noise, 1) <= 10)
    }
}
