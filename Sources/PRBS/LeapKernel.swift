/// Word-parallel PRBS arithmetic: 64 output bits per step.
///
/// A Fibonacci register with polynomial `p(x) = xⁿ + … + 1` outputs a sequence with `b[i] = ⊕ b[i - e]` over the
/// tap exponents `e`. Over GF(2), `(a + b)² = a² + b²`, so `p(x)^64 = p(x^64)` and the same sequence satisfies
/// `b[i] = ⊕ b[i - 64·e]`. Packed into 64-bit words, that is the original recurrence on whole words:
/// `W[k] = ⊕ W[k - e]`, one XOR per tap and no shifts. The nearest lag (the smallest exponent) is how many
/// consecutive words are independent of each other, which lets the processor overlap them; for PRBS13 and
/// PRBS20, whose smallest exponents are 1 and 3, the kernels use `p(x)^256` and `p(x)^128` instead (word lags
/// `4·e` and `2·e`).
///
/// Words are packed MSB-first: the first bit in time is bit 63. `history` points at a run of words in time
/// order; `word(history, k)` returns word `k` from the `historyWords` words before it.
protocol LeapKernel {
    /// How many earlier words the kernel reads (its largest word lag).
    static var historyWords: Int { get }
    /// The next word from the words before index `k`.
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64
}

/// x⁷+x⁶+1: `W[k] = W[k-7] ⊕ W[k-6]`.
enum Leap7: LeapKernel {
    static var historyWords: Int { 7 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 7] ^ history[k &- 6]
    }
}

/// x⁹+x⁵+1: `W[k] = W[k-9] ⊕ W[k-5]`.
enum Leap9: LeapKernel {
    static var historyWords: Int { 9 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 9] ^ history[k &- 5]
    }
}

/// x¹¹+x⁹+1: `W[k] = W[k-11] ⊕ W[k-9]`.
enum Leap11: LeapKernel {
    static var historyWords: Int { 11 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 11] ^ history[k &- 9]
    }
}

/// x¹³+x¹²+x²+x+1 raised to the 256th power: `W[k] = W[k-52] ⊕ W[k-48] ⊕ W[k-8] ⊕ W[k-4]`.
enum Leap13: LeapKernel {
    static var historyWords: Int { 52 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 52] ^ history[k &- 48] ^ history[k &- 8] ^ history[k &- 4]
    }
}

/// x¹⁵+x¹⁴+1: `W[k] = W[k-15] ⊕ W[k-14]`.
enum Leap15: LeapKernel {
    static var historyWords: Int { 15 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 15] ^ history[k &- 14]
    }
}

/// x²⁰+x³+1 raised to the 128th power: `W[k] = W[k-40] ⊕ W[k-6]`.
enum Leap20: LeapKernel {
    static var historyWords: Int { 40 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 40] ^ history[k &- 6]
    }
}

/// x²³+x¹⁸+1: `W[k] = W[k-23] ⊕ W[k-18]`.
enum Leap23: LeapKernel {
    static var historyWords: Int { 23 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 23] ^ history[k &- 18]
    }
}

/// x³¹+x²⁸+1: `W[k] = W[k-31] ⊕ W[k-28]`.
enum Leap31: LeapKernel {
    static var historyWords: Int { 31 }
    @inline(__always)
    static func word(_ history: UnsafeMutablePointer<UInt64>, _ k: Int) -> UInt64 {
        history[k &- 31] ^ history[k &- 28]
    }
}

extension PRBSPattern {
    /// How many history words the pattern's leap kernel reads.
    var historyWords: Int {
        switch self {
        case .prbs7: Leap7.historyWords
        case .prbs9: Leap9.historyWords
        case .prbs11: Leap11.historyWords
        case .prbs13: Leap13.historyWords
        case .prbs15: Leap15.historyWords
        case .prbs20: Leap20.historyWords
        case .prbs23: Leap23.historyWords
        case .prbs31: Leap31.historyWords
        }
    }

    /// The next output bit of a Fibonacci register whose bit j holds the output j steps back.
    @inline(__always)
    func feedback(_ register: UInt64) -> UInt64 {
        UInt64((register & tapMask).nonzeroBitCount & 1)
    }

    /// Writes the `historyWords` words of sequence that precede the register's next output into `history`.
    ///
    /// Bit j of `register` is the output j steps back (bit 0 is the newest). Older bits follow from the
    /// recurrence run backwards: `b[i - n] = b[i] ⊕ b[i - e]` over the other tap exponents `e`.
    func writeHistory(endingWith register: UInt64, into history: UnsafeMutablePointer<UInt64>) {
        let words = historyWords
        let bits = words * 64
        let n = degree
        let others = tapExponents.dropFirst()
        for index in 0..<words {
            history[index] = 0
        }
        func bit(_ position: Int) -> UInt64 {
            (history[position >> 6] >> UInt64(63 - (position & 63))) & 1
        }
        func set(_ position: Int, _ value: UInt64) {
            history[position >> 6] |= value << UInt64(63 - (position & 63))
        }
        for back in 0..<n {
            set(bits - 1 - back, (register >> UInt64(back)) & 1)
        }
        var position = bits - 1 - n
        while position >= 0 {
            var value = bit(position + n)
            for exponent in others {
                value ^= bit(position + n - exponent)
            }
            set(position, value)
            position -= 1
        }
    }
}
