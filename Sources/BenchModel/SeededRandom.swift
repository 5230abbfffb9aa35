import Foundation

/// Counter-based (stateless) pseudo-randomness for the simulated bench.
///
/// Every value is a pure function of the seed and the keys it is asked with, so a value never depends on how
/// many other values were drawn before it or in which order: the noise on the air temperature at t = 120 s,
/// sample 3, is the same whether the DUT was read first or not. Keys are hashed with the SplitMix64 finaliser
/// (``mix(_:)``); strings become keys through `key(_:)` (FNV-1a).
///
/// Keys are order-sensitive: `uniform(1, 2)` and `uniform(2, 1)` are independent values.
public struct SeededRandom: Sendable, Hashable {
    /// The seed every value is derived from.
    public let seed: UInt64

    /// Means above this use the normal approximation in ``poisson(mean:_:)``; below it the draw is exact.
    public static let poissonExactLimit: Double = 1000

    /// Creates a generator whose every value is fixed by `seed` and the keys asked for.
    public init(seed: UInt64) {
        self.seed = seed
    }

    // MARK: Keys and hashing

    /// The SplitMix64 output function: a bijective 64-bit mixer with full avalanche.
    public static func mix(_ value: UInt64) -> UInt64 {
        var z = value &+ 0x9E37_79B9_7F4A_7C15
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A 64-bit key for a name such as `"chamber.air"` (FNV-1a over the UTF-8 bytes).
    public static func key(_ string: String) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in string.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x0000_0100_0000_01B3
        }
        return hash
    }

    /// A key for a time or other real value: its exact bit pattern (`0.0` and `-0.0` are the same key).
    public static func key(_ value: Double) -> UInt64 {
        value == 0 ? 0 : value.bitPattern
    }

    /// The 64-bit hash of the seed and `keys`, the raw material of every value.
    public func hash(keys: [UInt64]) -> UInt64 {
        var state = Self.mix(seed ^ 0x5851_F42D_4C95_7F2D)
        for key in keys {
            state = Self.mix(state ^ Self.mix(key))
        }
        return state
    }

    /// An independent generator for a sub-system, e.g. `random.child(SeededRandom.key("array"))`.
    public func child(_ keys: UInt64...) -> SeededRandom {
        SeededRandom(seed: hash(keys: keys))
    }

    // MARK: Uniform and Gaussian

    /// A uniform value in [0, 1) with 53 random bits, fixed by the seed and `keys`.
    public func uniform(_ keys: UInt64...) -> Double {
        uniform(keys: keys)
    }

    /// A uniform value in [0, 1), keys given as an array.
    public func uniform(keys: [UInt64]) -> Double {
        Self.unitInterval(hash(keys: keys))
    }

    /// A standard normal value N(0, 1) (Box-Muller on two uniforms hashed from the seed and `keys`).
    public func gaussian(_ keys: UInt64...) -> Double {
        gaussian(keys: keys)
    }

    /// A standard normal value N(0, 1), keys given as an array.
    public func gaussian(keys: [UInt64]) -> Double {
        let base = hash(keys: keys)
        // u1 in (0, 1] so that the logarithm is finite.
        let u1 = 1 - Self.unitInterval(Self.mix(base ^ 0x1))
        let u2 = Self.unitInterval(Self.mix(base ^ 0x2))
        return (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
    }

    // MARK: Poisson

    /// A Poisson-distributed count with the given mean, fixed by the seed and `keys`.
    ///
    /// Exact (inversion of the Poisson distribution function) for means up to ``poissonExactLimit``, including
    /// tiny means such as 1e-9 (which give 1 with probability ≈ 1e-9). Above it, the normal approximation
    /// `round(mean + √mean · z)` clamped at 0. A mean of zero, a negative mean or NaN gives 0; counts beyond
    /// `UInt64.max` saturate.
    public func poisson(mean: Double, _ keys: UInt64...) -> UInt64 {
        poisson(mean: mean, keys: keys)
    }

    /// A Poisson-distributed count, keys given as an array.
    public func poisson(mean: Double, keys: [UInt64]) -> UInt64 {
        guard mean > 0 else { return 0 }
        guard mean <= Self.poissonExactLimit else {
            let value = (mean + mean.squareRoot() * gaussian(keys: keys)).rounded()
            if value <= 0 { return 0 }
            if value >= 18_446_744_073_709_549_568 { return UInt64.max }
            return UInt64(value)
        }
        return Self.invertPoisson(mean: mean, uniform: uniform(keys: keys))
    }

    /// The smallest k with u < F(k) for a Poisson distribution function F, searching from the mode.
    private static func invertPoisson(mean: Double, uniform u: Double) -> UInt64 {
        let mode = mean.rounded(.down)
        let modeMass = exp(mode * log(mean) - mean - lgamma(mode + 1))
        // F(mode): sum the masses from the mode downwards until they no longer change the sum.
        var cumulative = modeMass
        var mass = modeMass
        var k = mode
        while k > 0 {
            mass *= k / mean
            k -= 1
            let next = cumulative + mass
            if next == cumulative { break }
            cumulative = next
        }
        if u < cumulative {
            // Walk down while u < F(k - 1) = F(k) - p(k).
            var k = mode
            var cdf = cumulative
            var pk = modeMass
            while k > 0 {
                let below = cdf - pk
                if u >= below { break }
                cdf = below
                pk *= k / mean
                k -= 1
            }
            return UInt64(k)
        }
        // Walk up until u < F(k); stop if rounding leaves F(∞) a hair below u.
        var upper = mode
        var cdf = cumulative
        var pk = modeMass
        while u >= cdf {
            upper += 1
            pk *= mean / upper
            let next = cdf + pk
            if next == cdf { break }
            cdf = next
        }
        return UInt64(upper)
    }

    private static func unitInterval(_ bits: UInt64) -> Double {
        Double(bits >> 11) * 0x1p-53
    }
}
