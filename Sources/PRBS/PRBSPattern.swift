/// A pseudo-random binary sequence (PRBS) pattern: one maximal-length linear feedback shift register.
///
/// The polynomials are the ITU-T O.150 ones (PRBS13 is the IEEE 802.3 PRBS13Q polynomial):
///
/// | Pattern | Polynomial              | Inverted by O.150 |
/// |---------|-------------------------|-------------------|
/// | PRBS7   | x⁷+x⁶+1                 | no                |
/// | PRBS9   | x⁹+x⁵+1                 | no                |
/// | PRBS11  | x¹¹+x⁹+1                | no                |
/// | PRBS13  | x¹³+x¹²+x²+x+1          | no                |
/// | PRBS15  | x¹⁵+x¹⁴+1               | yes               |
/// | PRBS20  | x²⁰+x³+1                | no                |
/// | PRBS23  | x²³+x¹⁸+1               | yes               |
/// | PRBS31  | x³¹+x²⁸+1               | yes               |
///
/// The raw value is the upper-case name (`"PRBS31"`). Decoding is lenient and accepts every form that
/// ``init(name:)`` accepts; encoding always writes the raw value.
public enum PRBSPattern: String, CaseIterable, Codable, Sendable {
    /// x⁷+x⁶+1, period 127.
    case prbs7 = "PRBS7"
    /// x⁹+x⁵+1, period 511.
    case prbs9 = "PRBS9"
    /// x¹¹+x⁹+1, period 2047.
    case prbs11 = "PRBS11"
    /// x¹³+x¹²+x²+x+1 (IEEE 802.3 PRBS13Q), period 8191.
    case prbs13 = "PRBS13"
    /// x¹⁵+x¹⁴+1, period 32767; O.150 transmits it inverted.
    case prbs15 = "PRBS15"
    /// x²⁰+x³+1, period 1,048,575.
    case prbs20 = "PRBS20"
    /// x²³+x¹⁸+1, period 8,388,607; O.150 transmits it inverted.
    case prbs23 = "PRBS23"
    /// x³¹+x²⁸+1, period 2,147,483,647; O.150 transmits it inverted.
    case prbs31 = "PRBS31"

    /// Parses the names instruments and station files use for a pattern.
    ///
    /// Case, surrounding blanks and separators are ignored. Accepted forms, for PRBS31:
    /// `"PRBS31"`, `"prbs31"`, `"PRBS-31"`, `"PRBS_31"`, `"PRBS 31"`, `"2^31-1"`, `"2^31 - 1"` and `"31"`.
    /// Returns `nil` for anything else, including degrees that have no pattern here (such as `"PRBS29"`).
    public init?(name: String) {
        var text = name.uppercased().filter { !$0.isWhitespace }
        if text.hasPrefix("PRBS") {
            text.removeFirst(4)
            if let first = text.first, first == "-" || first == "_" {
                text.removeFirst()
            }
        } else if text.hasPrefix("2^") && text.hasSuffix("-1") {
            text = String(text.dropFirst(2).dropLast(2))
        }
        guard !text.isEmpty, text.allSatisfy(\.isASCII), let degree = Int(text) else {
            return nil
        }
        guard let pattern = PRBSPattern.allCases.first(where: { $0.degree == degree }) else {
            return nil
        }
        self = pattern
    }

    /// Decodes a pattern from a string in any form ``init(name:)`` accepts.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        guard let pattern = PRBSPattern(name: text) else {
            let accepted = PRBSPattern.allCases.map(\.rawValue).joined(separator: ", ")
            throw DecodingError.dataCorruptedError(
                in: container,
                debugDescription: "'\(text)' is not a PRBS pattern; expected one of \(accepted) "
                    + "(also written as prbs31, PRBS-31 or 2^31-1)"
            )
        }
        self = pattern
    }

    /// Encodes the pattern as its raw value, e.g. `"PRBS31"`.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The register length n: the polynomial's degree.
    public var degree: Int {
        switch self {
        case .prbs7: 7
        case .prbs9: 9
        case .prbs11: 11
        case .prbs13: 13
        case .prbs15: 15
        case .prbs20: 20
        case .prbs23: 23
        case .prbs31: 31
        }
    }

    /// The polynomial's non-constant exponents, highest first: `[31, 28]` for x³¹+x²⁸+1.
    ///
    /// These are the feedback taps of the Fibonacci register: output bit `b[i]` is the XOR of
    /// `b[i - e]` over every exponent `e`.
    public var tapExponents: [Int] {
        switch self {
        case .prbs7: [7, 6]
        case .prbs9: [9, 5]
        case .prbs11: [11, 9]
        case .prbs13: [13, 12, 2, 1]
        case .prbs15: [15, 14]
        case .prbs20: [20, 3]
        case .prbs23: [23, 18]
        case .prbs31: [31, 28]
        }
    }

    /// The polynomial written out, e.g. `x^31 + x^28 + 1`.
    public var polynomial: String {
        tapExponents.map { $0 == 1 ? "x" : "x^\($0)" }.joined(separator: " + ") + " + 1"
    }

    /// The sequence length before it repeats: 2ⁿ − 1 bits.
    public var period: Int {
        (1 << degree) - 1
    }

    /// Whether ITU-T O.150 transmits this pattern inverted (PRBS15, PRBS23 and PRBS31).
    ///
    /// PRBS13 is not an O.150 pattern and is reported as not inverted.
    public var isInvertedByO150: Bool {
        switch self {
        case .prbs15, .prbs23, .prbs31: true
        case .prbs7, .prbs9, .prbs11, .prbs13, .prbs20: false
        }
    }

    /// Mask of the n register bits.
    var registerMask: UInt64 {
        (1 << UInt64(degree)) - 1
    }

    /// Register bits that feed back: bit `e - 1` for every tap exponent `e` (bit 0 is the newest output).
    var tapMask: UInt64 {
        tapExponents.reduce(0) { $0 | (1 << UInt64($1 - 1)) }
    }
}
