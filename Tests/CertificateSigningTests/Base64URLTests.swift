import Foundation
import Testing

@testable import CertificateSigning

@Suite("Base64URL")
struct Base64URLTests {
    @Test("RFC 4648 test vectors encode without padding and decode back", arguments: [
        ("", ""), ("f", "Zg"), ("fo", "Zm8"), ("foo", "Zm9v"), ("foob", "Zm9vYg"), ("fooba", "Zm9vYmE"),
        ("foobar", "Zm9vYmFy"),
    ])
    func rfc4648Vectors(plain: String, encoded: String) throws {
        #expect(Base64URL.encode(Data(plain.utf8)) == encoded)
        #expect(try Base64URL.decode(encoded) == Data(plain.utf8))
    }

    @Test("the URL-safe alphabet replaces + and / with - and _")
    func urlSafeAlphabet() throws {
        let bytes: [UInt8] = [0xFB, 0xFF, 0xBF]
        #expect(Base64URL.encode(bytes) == "-_-_")
        #expect(try Base64URL.decode("-_-_") == Data(bytes))
    }

    @Test("every byte value round-trips")
    func allBytesRoundTrip() throws {
        for length in 0..<70 {
            let bytes = (0..<length).map { UInt8(truncatingIfNeeded: $0 &* 37 &+ 11) }
            #expect(try Base64URL.decode(Base64URL.encode(bytes)) == Data(bytes))
        }
    }

    @Test("characters outside the alphabet are rejected with their offset", arguments: [
        ("Zm9v+g", Unicode.Scalar("+"), 4), ("Zm/v", Unicode.Scalar("/"), 2), ("Zg==", Unicode.Scalar("="), 2),
        ("Zm9v Yg", Unicode.Scalar(" "), 4), ("Zm9vé", Unicode.Scalar("é"), 4),
    ])
    func invalidCharacters(text: String, character: Unicode.Scalar, offset: Int) {
        #expect(throws: Base64URLError(problem: .invalidCharacter(character, offset: offset))) {
            try Base64URL.decode(text)
        }
    }

    @Test("an impossible length and non-canonical trailing bits are rejected")
    func lengthAndTrailingBits() {
        #expect(throws: Base64URLError(problem: .impossibleLength(5))) { try Base64URL.decode("Zm9vY") }
        // "Zh" carries the byte 0x66 plus four set leftover bits; only "Zg" is the canonical form.
        #expect(throws: Base64URLError(problem: .nonZeroTrailingBits)) { try Base64URL.decode("Zh") }
    }

    @Test("error messages name the character, its code point and the hint")
    func errorMessages() {
        let padding = Base64URLError(problem: .invalidCharacter("=", offset: 2)).description
        #expect(padding.contains("'=' (U+003D) at offset 2"))
        #expect(padding.contains("padding"))
        let plus = Base64URLError(problem: .invalidCharacter("+", offset: 0)).description
        #expect(plus.contains("standard base64"))
    }
}
