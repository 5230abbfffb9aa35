import Foundation

/// Base64url encoding without padding (RFC 4648 §5, as JOSE uses it in RFC 7515 §2).
///
/// Encoding uses the alphabet `A–Z a–z 0–9 - _` and never emits `=`. Decoding is strict: it rejects
/// padding, whitespace, the `+` and `/` of standard base64, impossible lengths and non-zero trailing bits,
/// so that every byte string has exactly one accepted encoding.
public enum Base64URL {
    /// Encodes bytes as unpadded base64url text.
    public static func encode(_ bytes: some Sequence<UInt8>) -> String {
        let standard = Data(bytes).base64EncodedData()
        var result = [UInt8]()
        result.reserveCapacity(standard.count)
        for byte in standard {
            switch byte {
            case UInt8(ascii: "+"): result.append(UInt8(ascii: "-"))
            case UInt8(ascii: "/"): result.append(UInt8(ascii: "_"))
            case UInt8(ascii: "="): continue
            default: result.append(byte)
            }
        }
        return String(decoding: result, as: UTF8.self)
    }

    /// Decodes unpadded base64url text.
    ///
    /// - Throws: `Base64URLError` naming the offending character and its offset, or the length problem.
    public static func decode(_ text: String) throws(Base64URLError) -> Data {
        var output = Data()
        output.reserveCapacity(text.utf8.count * 3 / 4)
        var buffer: UInt32 = 0
        var pendingBits = 0
        var count = 0
        for scalar in text.unicodeScalars {
            guard let value = sextet(for: scalar) else {
                throw Base64URLError(problem: .invalidCharacter(scalar, offset: count))
            }
            buffer = (buffer << 6) | value
            pendingBits += 6
            if pendingBits >= 8 {
                pendingBits -= 8
                output.append(UInt8(truncatingIfNeeded: buffer >> UInt32(pendingBits)))
                buffer &= (1 << UInt32(pendingBits)) - 1
            }
            count += 1
        }
        if count % 4 == 1 {
            throw Base64URLError(problem: .impossibleLength(count))
        }
        if buffer != 0 {
            throw Base64URLError(problem: .nonZeroTrailingBits)
        }
        return output
    }

    /// The 6-bit value of one base64url character, or nil outside the alphabet.
    private static func sextet(for scalar: Unicode.Scalar) -> UInt32? {
        switch scalar.value {
        case 0x41...0x5A: return scalar.value - 0x41  // A-Z
        case 0x61...0x7A: return scalar.value - 0x61 + 26  // a-z
        case 0x30...0x39: return scalar.value - 0x30 + 52  // 0-9
        case 0x2D: return 62  // -
        case 0x5F: return 63  // _
        default: return nil
        }
    }
}
