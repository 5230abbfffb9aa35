import Foundation
import Testing

@testable import CertificateSigning

@Suite("JWS signing and verification")
struct JWSTests {
    static let certificate = Data(#"{"run":"R-0042","verdict":"PASS","lanes":[{"lane":1,"ber":1.0e-13}]}"#.utf8)

    /// Replaces one dot-separated part of a compact JWS.
    static func replacing(part index: Int, of compact: String, with text: String) -> String {
        var parts = compact.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        parts[index] = text
        return parts.joined(separator: ".")
    }

    /// Builds a compact JWS with an arbitrary protected header, signed by `key`.
    static func signed(header: String, payload: Data, key: StationSigningKey) throws -> String {
        let input = Base64URL.encode(Data(header.utf8)) + "." + Base64URL.encode(payload)
        return input + "." + Base64URL.encode(try key.signature(for: Data(input.utf8)))
    }

    @Test("sign then verify with the trusted key returns the exact payload bytes and header")
    func roundTrip() throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: key, type: "qualstation-certificate+jws")
        let verified = try JWS.verify(compact, trustedKey: key.publicKey)
        #expect(verified.payload == Self.certificate)
        #expect(verified.trusted)
        #expect(verified.signerKey == key.publicKey)
        #expect(verified.header == JWSHeader(
            alg: "Ed25519", kid: key.publicKey.thumbprint, jwk: key.publicKey, typ: "qualstation-certificate+jws"
        ))
    }

    @Test("the protected header is compact JSON with sorted members: alg, jwk, kid")
    func headerLayout() throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Data("x".utf8), with: key)
        let headerPart = try #require(compact.split(separator: ".").first)
        let header = String(decoding: try Base64URL.decode(String(headerPart)), as: UTF8.self)
        let jwk = #"{"crv":"Ed25519","kid":"\#(key.publicKey.kid)","kty":"OKP","x":"\#(key.publicKey.x)"}"#
        #expect(header == #"{"alg":"Ed25519","jwk":\#(jwk),"kid":"\#(key.publicKey.kid)"}"#)
    }

    @Test("a trailing newline from a .jws file is ignored")
    func trailingNewline() throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: key) + "\n"
        #expect(try JWS.verify(compact, trustedKey: key.publicKey).payload == Self.certificate)
    }

    @Test("changing one payload byte is a bad signature", arguments: [0, 17, 65])
    func tamperedPayload(byteIndex: Int) throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: key)
        var changed = Self.certificate
        changed[byteIndex] ^= 0x01
        let tampered = Self.replacing(part: 1, of: compact, with: Base64URL.encode(changed))
        #expect(throws: JWSVerificationError.badSignature) { try JWS.verify(tampered, trustedKey: key.publicKey) }
        #expect(throws: JWSVerificationError.badSignature) { try JWS.verify(tampered, trustedKey: nil) }
    }

    @Test("a changed signature byte is a bad signature")
    func tamperedSignature() throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: key)
        var signature = try Base64URL.decode(String(compact.split(separator: ".")[2]))
        signature[10] ^= 0x80
        let tampered = Self.replacing(part: 2, of: compact, with: Base64URL.encode(signature))
        #expect(throws: JWSVerificationError.badSignature) { try JWS.verify(tampered, trustedKey: key.publicKey) }
    }

    @Test("a JWS from a different key is a key mismatch naming both thumbprints")
    func differentKey() throws {
        let station = StationSigningKey.generate()
        let other = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: other)
        let expected = JWSVerificationError.keyMismatch(
            embeddedThumbprint: other.publicKey.thumbprint, trustedThumbprint: station.publicKey.thumbprint
        )
        let error = #expect(throws: expected) { try JWS.verify(compact, trustedKey: station.publicKey) }
        #expect(error?.description.contains(other.publicKey.thumbprint) == true)
        #expect(error?.description.contains(station.publicKey.thumbprint) == true)

        // The embedded jwk alone (no kid) identifies the signer too.
        let jwkOnly = try Self.signed(
            header: #"{"alg":"Ed25519","jwk":{"crv":"Ed25519","kty":"OKP","x":"\#(other.publicKey.x)"}}"#,
            payload: Self.certificate, key: other
        )
        #expect(throws: expected) { try JWS.verify(jwkOnly, trustedKey: station.publicKey) }
    }

    @Test("a header that claims the trusted key's kid but was signed by another key is a bad signature")
    func forgedKid() throws {
        let station = StationSigningKey.generate()
        let forger = StationSigningKey.generate()
        let forged = try Self.signed(
            header: #"{"alg":"Ed25519","kid":"\#(station.publicKey.kid)"}"#, payload: Self.certificate, key: forger
        )
        #expect(throws: JWSVerificationError.badSignature) { try JWS.verify(forged, trustedKey: station.publicKey) }
        let otherKid = try Self.signed(header: #"{"alg":"Ed25519","kid":"bench-7"}"#, payload: Data(), key: forger)
        #expect(throws: JWSVerificationError.keyMismatch(
            embeddedThumbprint: "bench-7", trustedThumbprint: station.publicKey.thumbprint
        )) {
            try JWS.verify(otherKid, trustedKey: station.publicKey)
        }
    }

    @Test("without a trusted key the embedded jwk is used and the result is marked untrusted")
    func untrusted() throws {
        let key = StationSigningKey.generate()
        let compact = try JWS.sign(payload: Self.certificate, with: key)
        let verified = try JWS.verify(compact, trustedKey: nil)
        #expect(!verified.trusted)
        #expect(verified.signerKey.thumbprint == key.publicKey.thumbprint)
        #expect(verified.payload == Self.certificate)
        #expect(verified.description.contains("signature valid, but signed by an untrusted key"))
    }

    @Test("no trusted key and no embedded jwk is a missing key")
    func missingKey() throws {
        let key = StationSigningKey.generate()
        let compact = try Self.signed(header: #"{"alg":"Ed25519"}"#, payload: Self.certificate, key: key)
        #expect(throws: JWSVerificationError.missingKey) { try JWS.verify(compact, trustedKey: nil) }
        #expect(try JWS.verify(compact, trustedKey: key.publicKey).payload == Self.certificate)
    }

    @Test("alg EdDSA with an Ed25519 key is accepted; other algorithms are refused by name")
    func algorithms() throws {
        let key = StationSigningKey.generate()
        let jwk = #"{"crv":"Ed25519","kty":"OKP","x":"\#(key.publicKey.x)"}"#
        let legacy = try Self.signed(header: #"{"alg":"EdDSA","jwk":\#(jwk)}"#, payload: Self.certificate, key: key)
        #expect(try JWS.verify(legacy, trustedKey: key.publicKey).header.alg == "EdDSA")
        for alg in ["none", "HS256", "ES256", "ed25519"] {
            let compact = try Self.signed(header: #"{"alg":"\#(alg)"}"#, payload: Self.certificate, key: key)
            #expect(throws: JWSVerificationError.unsupportedAlgorithm(alg)) {
                try JWS.verify(compact, trustedKey: key.publicKey)
            }
        }
        let ed448 = #"{"alg":"EdDSA","jwk":{"crv":"Ed448","kty":"OKP","x":"AA"}}"#
        let compact = try Self.signed(header: ed448, payload: Self.certificate, key: key)
        #expect(throws: JWSVerificationError.unsupportedAlgorithm("EdDSA with crv Ed448")) {
            try JWS.verify(compact, trustedKey: nil)
        }
    }

    @Test("a critical header extension is refused")
    func criticalExtension() throws {
        let key = StationSigningKey.generate()
        let compact = try Self.signed(
            header: #"{"alg":"Ed25519","b64":false,"crit":["b64"]}"#, payload: Self.certificate, key: key
        )
        let error = #expect(throws: JWSVerificationError.self) { try JWS.verify(compact, trustedKey: key.publicKey) }
        guard case .malformed(let part, let reason) = error else {
            Issue.record("expected malformed, got \(String(describing: error))")
            return
        }
        #expect(part == .header)
        #expect(reason.contains("crit"))
    }

    static let garbage: [(String, JWSVerificationError.Part, String)] = {
        let valid = "eyJhbGciOiJFZDI1NTE5In0.e30." + String(repeating: "A", count: 86)
        let header = { (json: String) in replacing(part: 0, of: valid, with: Base64URL.encode(Data(json.utf8))) }
        return [
            ("", .serialization, "has 1 dot-separated part;"),
            ("hello world", .serialization, "has 1 dot-separated part;"),
            ("a.b", .serialization, "has 2 dot-separated parts"),
            ("a.b.c.d.e", .serialization, "JWE"),
            (replacing(part: 0, of: valid, with: "eyJhbGciOi+FZDI1NTE5In0"), .header, "not base64url"),
            (header("not json"), .header, "not valid JSON"),
            (header("[\"alg\"]"), .header, "not a JSON object"),
            (header("{\"typ\":\"JWT\"}"), .header, "no \"alg\""),
            (header("{\"alg\":5}"), .header, "\"alg\" is not a string"),
            (header("{\"alg\":\"Ed25519\",\"jwk\":{\"kty\":\"RSA\",\"n\":\"AQAB\"}}"), .header, "kty \"RSA\""),
            (replacing(part: 1, of: valid, with: "e30="), .payload, "'=' (U+003D) at offset 3"),
            (replacing(part: 2, of: valid, with: "sig/nature"), .signature, "'/' (U+002F) at offset 3"),
            (replacing(part: 2, of: valid, with: "AAAA"), .signature, "is 3 bytes"),
        ]
    }()

    @Test("garbage is reported as malformed, naming the part at fault", arguments: garbage)
    func malformed(input: String, part: JWSVerificationError.Part, reasonFragment: String) throws {
        let error = #expect(throws: JWSVerificationError.self) { try JWS.verify(input, trustedKey: nil) }
        guard case .malformed(let foundPart, let reason) = error else {
            Issue.record("expected malformed(\(part)), got \(String(describing: error))")
            return
        }
        #expect(foundPart == part)
        #expect(reason.contains(reasonFragment), "reason was: \(reason)")
        #expect(error?.description.contains(part.description) == true)
    }

    @Test("RFC 8037 A.4: the JWS of the RFC verifies with the RFC public key")
    func rfc8037VerifiesRFCSignature() throws {
        let trusted = try JSONWebKey(x: RFC8037.x)
        let verified = try JWS.verify(RFC8037.compactJWS, trustedKey: trusted)
        #expect(verified.payload == Data("Example of Ed25519 signing".utf8))
        #expect(verified.header == JWSHeader(alg: "EdDSA"))
        #expect(throws: JWSVerificationError.missingKey) { try JWS.verify(RFC8037.compactJWS, trustedKey: nil) }
    }

    #if !canImport(CryptoKit)
    // swift-crypto's BoringSSL backend signs deterministically (RFC 8032); Apple's CryptoKit randomises.
    @Test("RFC 8037 A.4: signing the RFC input with the RFC key reproduces the RFC JWS byte for byte")
    func rfc8037SignatureIsByteExact() throws {
        let key = try StationSigningKey(privateKeyBytes: Base64URL.decode(RFC8037.d))
        let payload = Data("Example of Ed25519 signing".utf8)
        let compact = try Self.signed(header: #"{"alg":"EdDSA"}"#, payload: payload, key: key)
        #expect(compact == RFC8037.compactJWS)
    }
    #endif
}
