/// Deterministic randomness and input mutation for the fuzz-style tests.

/// SplitMix64 (Steele, Lea, Flood 2014): a tiny, fast, seedable generator, so every run sees the same inputs.
struct SplitMix64: RandomNumberGenerator {
    private var state: UInt64

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

/// Byte-level mutations of valid inputs: flip bits, truncate, insert, duplicate, delete, overwrite.
enum Mutator {
    /// Bytes that matter to the parsers under test.
    static let interesting: [UInt8] = Array(#",;:"'#()@?*\ +-.eE019"#.utf8) + [0x00, 0x0A, 0x0D, 0x7F, 0x80, 0xFF]

    static func mutate(_ input: [UInt8], using rng: inout SplitMix64) -> [UInt8] {
        var bytes = input
        let rounds = Int.random(in: 1...3, using: &rng)
        for _ in 0..<rounds {
            switch Int.random(in: 0..<7, using: &rng) {
            case 0 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] ^= UInt8(1) << UInt8.random(in: 0..<8, using: &rng)
            case 1 where !bytes.isEmpty:
                bytes.removeLast(Int.random(in: 1...bytes.count, using: &rng))
            case 2:
                let index = Int.random(in: 0...bytes.count, using: &rng)
                let byte =
                    Bool.random(using: &rng)
                    ? interesting[Int.random(in: 0..<interesting.count, using: &rng)]
                    : UInt8.random(in: 0...255, using: &rng)
                bytes.insert(byte, at: index)
            case 3 where !bytes.isEmpty:
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                let end = Int.random(in: start...min(bytes.count, start + 8), using: &rng)
                let index = Int.random(in: 0...bytes.count, using: &rng)
                bytes.insert(contentsOf: Array(bytes[start..<end]), at: index)
            case 4 where !bytes.isEmpty:
                let start = Int.random(in: 0..<bytes.count, using: &rng)
                let end = Int.random(in: start...min(bytes.count, start + 4), using: &rng)
                bytes.removeSubrange(start..<end)
            case 5 where !bytes.isEmpty:
                let index = Int.random(in: 0..<bytes.count, using: &rng)
                bytes[index] = interesting[Int.random(in: 0..<interesting.count, using: &rng)]
            default:
                bytes.append(interesting[Int.random(in: 0..<interesting.count, using: &rng)])
            }
        }
        return bytes
    }

    static func randomBytes(maximumCount: Int, using rng: inout SplitMix64) -> [UInt8] {
        let count = Int.random(in: 0...maximumCount, using: &rng)
        return (0..<count).map { _ in
            Bool.random(using: &rng)
                ? interesting[Int.random(in: 0..<interesting.count, using: &rng)]
                : UInt8.random(in: 0...255, using: &rng)
        }
    }

    static func randomPrintable(maximumCount: Int, using rng: inout SplitMix64) -> String {
        let count = Int.random(in: 0...maximumCount, using: &rng)
        let bytes = (0..<count).map { _ in UInt8.random(in: 0x20...0x7E, using: &rng) }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Fuzz inputs: mutations of `seeds` plus purely random bytes.
    static func inputs(from seeds: [String], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        var out: [[UInt8]] = seeds.map { Array($0.utf8) }
        while out.count < count {
            if Int.random(in: 0..<5, using: &rng) == 0 {
                out.append(randomBytes(maximumCount: 40, using: &rng))
            } else {
                let base = Array(seeds[Int.random(in: 0..<seeds.count, using: &rng)].utf8)
                out.append(mutate(base, using: &rng))
            }
        }
        return out
    }

    /// Fuzz frames: mutations of binary `seeds` plus random bytes.
    static func frames(from seeds: [[UInt8]], count: Int, seed: UInt64) -> [[UInt8]] {
        var rng = SplitMix64(seed: seed)
        var out = seeds
        while out.count < count {
            if Int.random(in: 0..<5, using: &rng) == 0 {
                out.append(randomBytes(maximumCount: 24, using: &rng))
            } else {
                out.append(mutate(seeds[Int.random(in: 0..<seeds.count, using: &rng)], using: &rng))
            }
        }
        return out
    }
}

/// Upper-case hex with spaces, as the module's error messages show frames.
func hex(_ bytes: some Collection<UInt8>) -> String {
    bytes.map { byte in
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }.joined(separator: " ")
}

/// Text from bytes; lossy, for feeding String-based parsers.
func text(_ bytes: [UInt8]) -> String {
    String(decoding: bytes, as: UTF8.self)
}
