/// Why a string is not valid unpadded base64url.
///
/// The error deliberately does not carry the input text: the input may be a private key.
public struct Base64URLError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The specific defect found.
    public enum Problem: Sendable, Hashable {
        /// A character outside `A–Z a–z 0–9 - _`, at the given offset (counted in Unicode scalars from 0).
        case invalidCharacter(Unicode.Scalar, offset: Int)
        /// The number of characters leaves a single dangling character, which cannot encode a byte.
        case impossibleLength(Int)
        /// The last character carries bits beyond the final byte that are not zero (a non-canonical encoding).
        case nonZeroTrailingBits
    }

    /// The specific defect found.
    public let problem: Problem

    /// Creates an error for the given defect.
    public init(problem: Problem) {
        self.problem = problem
    }

    /// A readable explanation, including the offending character as hex.
    public var description: String {
        switch problem {
        case .invalidCharacter(let scalar, let offset):
            let hex = "U+" + String(scalar.value, radix: 16, uppercase: true).leftPadded(to: 4)
            let shown = scalar.properties.isWhitespace || scalar.value < 0x20 ? "" : "'\(Character(scalar))' "
            var hint = ""
            switch scalar {
            case "=": hint = " (padding '=' is not used in base64url)"
            case "+", "/": hint = " (that is standard base64; base64url uses '-' and '_')"
            default: if scalar.properties.isWhitespace { hint = " (whitespace is not allowed)" }
            }
            return "not base64url: character \(shown)(\(hex)) at offset \(offset) is outside the alphabet "
                + "A-Z a-z 0-9 - _\(hint)"
        case .impossibleLength(let count):
            return "not base64url: \(count) characters is an impossible length (a length of 4n+1 cannot encode bytes)"
        case .nonZeroTrailingBits:
            return "not base64url: the last character has non-zero unused bits (non-canonical encoding)"
        }
    }
}

extension String {
    /// The string left-padded with zeros to at least `width` characters.
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
