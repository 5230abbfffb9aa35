import Foundation
import Testing
@testable import BenchModel

@Suite struct SeededRandomTests {
    @Test func hashingUsesSplitMix64AndFNV1a() {
        // SplitMix64's first output for state 0, and the published FNV-1a 64 test vectors.
        #expect(SeededRandom.mix(0) == 0xE220_A839_7B1D_CDAF)
        #expect(SeededRandom.key("") == 0xCBF2_9CE4_8422_2325)
        #expect(SeededRandom.key("a") == 0xAF63_DC4C_8601_EC8C)
        #expect(SeededRandom.key("chamber.air") != SeededRandom.key("chamber.dut"))
    }

    @Test func sameSeedSameValuesDifferentSeedsDiffer() {
        let a = SeededRandom(seed: 42)
        let b = SeededRandom(seed: 42)
        let c = SeededRandom(seed: 43)
        let keys: [UInt64] = [SeededRandom.key("chamber.air"), 17, 3]
        #expect(a.uniform(keys: keys) == b.uniform(keys: keys))
        #expect(a.gaussian(keys: keys) == b.gaussian(keys: keys))
        #expect(a.poisson(mean: 12.5, keys: keys) == b.poisson(mean: 12.5, keys: keys))
        let differing = (0..<100).filter { a.uniform(UInt64($0)) != c.uniform(UInt64($0)) }.count
        #expect(differing == 100)
    }

    @Test func valuesDoNotDependOnQueryOrder() {
        let random = SeededRandom(seed: 7)
        let forward = (0..<500).map { random.gaussian(UInt64($0), 9) }
        let backward = (0..<500).reversed().map { random.gaussian(UInt64($0), 9) }
        #expect(forward == Array(backward.reversed()))
        // Keys are ordered: swapping them gives an independent value.
        #expect(random.uniform(1, 2) != random.uniform(2, 1))
        // A child stream is itself a pure function of the parent's seed and keys.
        #expect(random.child(5).uniform(1) == SeededRandom(seed: 7).child(5).uniform(1))
    }

    @Test func uniformAndGaussianHaveTheirMoments() {
        let random = SeededRandom(seed: 2024)
        let n = 100_000
        let uniforms = (0..<n).map { random.uniform(UInt64($0)) }
        #expect(uniforms.allSatisfy { $0 >= 0 && $0 < 1 })
        #expect(abs(mean(uniforms) - 0.5) < 0.005)
        let normals = (0..<n).map { random.gaussian(UInt64($0)) }
        #expect(abs(mean(normals)) < 0.02)
        #expect(abs(variance(normals) - 1) < 0.02)
    }

    @Test(arguments: [0.5, 3.0, 47.0, 700.0, 5000.0, 2.5e6])
    func poissonMeanAndVarianceMatch(expected: Double) {
        let random = SeededRandom(seed: 99)
        let n = 20_000
        let draws = (0..<n).map { Double(random.poisson(mean: expected, UInt64($0))) }
        let standardError = (expected / Double(n)).squareRoot()
        #expect(abs(mean(draws) - expected) < 5 * standardError)
        #expect(abs(variance(draws) / expected - 1) < 0.06)
    }

    @Test func poissonHandlesZeroAndTinyMeans() {
        let random = SeededRandom(seed: 5)
        #expect((0..<1000).allSatisfy { random.poisson(mean: 0, UInt64($0)) == 0 })
        #expect(random.poisson(mean: -3, 1) == 0)
        #expect(random.poisson(mean: .nan, 1) == 0)
        let n = 200_000
        let tiny = (0..<n).map { random.poisson(mean: 1e-9, UInt64($0)) }
        #expect(tiny.filter { $0 != 0 }.count <= 1)
        // Small but resolvable: 1e-3 per draw gives about 200 ones and almost no twos.
        let small = (0..<n).map { random.poisson(mean: 1e-3, UInt64($0)) }
        let ones = small.filter { $0 == 1 }.count
        #expect(ones > 150 && ones < 250)
        #expect(small.filter { $0 >= 2 }.count <= 3)
    }

    @Test func poissonExactDistributionMatchesProbabilities() {
        // P(X = 0) and P(X = 1) at mean 2: e^-2 and 2e^-2.
        let random = SeededRandom(seed: 11)
        let n = 100_000
        let draws = (0..<n).map { random.poisson(mean: 2, UInt64($0)) }
        let zeros = Double(draws.filter { $0 == 0 }.count) / Double(n)
        let ones = Double(draws.filter { $0 == 1 }.count) / Double(n)
        #expect(abs(zeros - exp(-2.0)) < 0.005)
        #expect(abs(ones - 2 * exp(-2.0)) < 0.006)
    }
}

func mean(_ values: [Double]) -> Double {
    values.reduce(0, +) / Double(values.count)
}

func variance(_ values: [Double]) -> Double {
    let m = mean(values)
    return values.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(values.count - 1)
}

func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 0 ? 0.5 * (sorted[middle - 1] + sorted[middle]) : sorted[middle]
}
