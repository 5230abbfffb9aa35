import Foundation
import Testing

@testable import CertificateSigning

/// RFC 8037 Appendix A key material.
enum RFC8037 {
    /// A.1: the private key `d`.
    static let d = "nWGxne_9WmC6hEr0kuwsxERJxWl7MmkZcDusAxyuf2A"
    /// A.2: the public key `x`.
    static let x = "11qYAYKxCrfVS_7TyWQHOg7hcvPapiMlrwIaaPcHURo"
    /// A.3: the RFC 7638 thumbprint of the public key.
    static let thumbprint = "kPrK_qmxVWaYVA9wwBF6Iuo3vVzz7TxHCTwXBygrS4k"
    /// A.4: the JWS of "Example of Ed25519 signing" with protected header {"alg":"EdDSA"}.
    static let compactJWS =
        "eyJhbGciOiJFZERTQSJ9.RXhhbXBsZSBvZiBFZDI1NTE5IHNpZ25pbmc."
        + "hgyY0il_MGCjP0JzlnLWG1PPOt7-09PGcvMg3AIbQR6dWbhijcNR4ki4iylGjg5BhVsPt9g7sVvpAr_MuM0KAg"
}

@Suite("JSONWebKey")
struct JSONWebKeyTests {
    @Test("RFC 8037 A.2/A.3: the public key derived from d and its thumbprint match the RFC")
    func rfc8037PublicKeyAndThumbprint() throws {
        let key = try StationSigningKey(privateKeyBytes: Base64URL.decode(RFC8037.d))
        #expect(key.publicKey.x == RFC8037.x)
        #expect(key.publicKey.thumbprint == RFC8037.thumbprint)
        #expect(key.publicKey.kid == RFC8037.thumbprint, "kid defaults to the thumbprint")
    }

    @Test("the thumbprint ignores kid and the JSON member order of the file")
    func thumbprintIsCanonical() throws {
        let json = #"{"x":"\#(RFC8037.x)","kid":"bench-3","kty":"OKP","crv":"Ed25519","use":"sig"}"#
        let key = try JSONWebKey(jsonData: Data(json.utf8))
        #expect(key.kid == "bench-3")
        #expect(key.thumbprint == RFC8037.thumbprint)
    }

    @Test("encodes with sorted members and decodes back to an equal key")
    func codableRoundTrip() throws {
        let key = try JSONWebKey(x: RFC8037.x)
        let text = String(decoding: try key.jsonData(), as: UTF8.self)
        let order = ["\"crv\"", "\"kid\"", "\"kty\"", "\"x\""].compactMap { text.range(of: $0)?.lowerBound }
        #expect(order.count == 4 && order == order.sorted(), "members in lexicographic order: \(text)")
        #expect(text.hasSuffix("\n"))
        #expect(try JSONWebKey(jsonData: Data(text.utf8)) == key)
        #expect(try JSONDecoder().decode(JSONWebKey.self, from: Data(text.utf8)) == key)
    }

    @Test("a wrong key type, curve, base64url or length is rejected with the reason")
    func validation() throws {
        #expect(throws: JSONWebKeyError.unsupportedKeyType("EC")) { try JSONWebKey(kty: "EC", x: RFC8037.x) }
        #expect(throws: JSONWebKeyError.unsupportedCurve("X25519")) { try JSONWebKey(crv: "X25519", x: RFC8037.x) }
        #expect(throws: JSONWebKeyError.invalidBase64URL(
            member: "x", Base64URLError(problem: .invalidCharacter("+", offset: 0))
        )) {
            try JSONWebKey(x: "+" + RFC8037.x.dropFirst())
        }
        #expect(throws: JSONWebKeyError.wrongKeyLength(member: "x", byteCount: 31)) {
            try JSONWebKey(publicKeyBytes: [UInt8](repeating: 1, count: 31))
        }
    }

    @Test("decoding JSON reports the missing member or the broken JSON")
    func decodingErrors() {
        #expect(throws: JSONWebKeyError.missingMember("x")) {
            try JSONWebKey(jsonData: Data(#"{"kty":"OKP","crv":"Ed25519"}"#.utf8))
        }
        #expect(throws: JSONWebKeyError.unsupportedCurve("P-256")) {
            try JSONWebKey(jsonData: Data(#"{"kty":"OKP","crv":"P-256","x":"AA"}"#.utf8))
        }
        let error = #expect(throws: JSONWebKeyError.self) { try JSONWebKey(jsonData: Data("{kty".utf8)) }
        #expect(error?.description.contains("not valid JSON") == true)
    }
}
