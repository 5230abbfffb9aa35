import Foundation
import Testing

@testable import CertificateSigning

/// A standard JOSE library must accept what we sign, and we must accept what it signs.
@Suite(
    "Interoperability with Python joserfc",
    .enabled(if: PythonJOSE.pythonFound, "python3 not found through /usr/bin/env"),
    .enabled(
        if: PythonJOSE.librariesFound,
        "python3 found, but `import joserfc, cryptography` failed (pip install joserfc)"
    )
)
struct JOSEInteropTests {
    static let certificate = Data(#"{"run":"R-0042","verdict":"PASS","note":"µ-LED array, 8 lanes"}"#.utf8)

    /// Writes a key pair and returns the directory and paths.
    static func keyFiles(_ key: StationSigningKey) throws -> (TemporaryDirectory, String, String) {
        let directory = try TemporaryDirectory()
        let privatePath = directory.file("station.key")
        let publicPath = directory.file("station.pub.jwk")
        try key.write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        return (directory, privatePath, publicPath)
    }

    /// Runs the script's verify mode and decodes its JSON report.
    static func pythonVerify(publicKeyPath: String, compact: String, in directory: TemporaryDirectory) throws
        -> [String: String]
    {
        let jwsPath = directory.file("certificate.jws")
        try Data((compact + "\n").utf8).write(to: URL(fileURLWithPath: jwsPath))
        let output = try PythonJOSE.runScript(["verify", publicKeyPath, jwsPath])
        try #require(output.status == 0, "python3 failed: \(output.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(output.stdout.utf8)) as? [String: String]
        return try #require(report, "unexpected output: \(output.stdout)")
    }

    @Test("joserfc accepts the fully specified alg \"Ed25519\" (RFC 9864) as well as \"EdDSA\"")
    func joserfcAlgorithms() throws {
        let output = try PythonJOSE.runScript(["probe"])
        try #require(output.status == 0, "python3 failed: \(output.stderr)")
        let names = output.stdout.trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ",")
        #expect(names.contains("Ed25519"), "joserfc lacks Ed25519; only the cryptography check covers our JWS")
        #expect(names.contains("EdDSA"))
    }

    @Test("joserfc and cryptography verify our JWS with our public JWK file and get the exact payload")
    func pythonVerifiesOurJWS() throws {
        let key = StationSigningKey.generate()
        let (directory, _, publicPath) = try Self.keyFiles(key)
        defer { directory.remove() }
        let compact = try JWS.sign(payload: Self.certificate, with: key)

        let report = try Self.pythonVerify(publicKeyPath: publicPath, compact: compact, in: directory)
        #expect(report["alg"] == "Ed25519")
        #expect(report["joserfc"] == "ok")
        #expect(report["cryptography"] == "ok")
        #expect(report["payload_hex"] == Self.certificate.map { String(format: "%02x", $0) }.joined())
    }

    @Test("joserfc and cryptography reject our JWS after one payload byte changes")
    func pythonRejectsTampering() throws {
        let key = StationSigningKey.generate()
        let (directory, _, publicPath) = try Self.keyFiles(key)
        defer { directory.remove() }
        let compact = try JWS.sign(payload: Self.certificate, with: key)
        var changed = Self.certificate
        changed[3] ^= 0x01
        let tampered = JWSTests.replacing(part: 1, of: compact, with: Base64URL.encode(changed))

        let report = try Self.pythonVerify(publicKeyPath: publicPath, compact: tampered, in: directory)
        #expect(report["joserfc"]?.hasPrefix("rejected: BadSignatureError") == true, "\(report)")
        #expect(report["cryptography"] == "rejected: InvalidSignature")
    }

    @Test("a JWS signed by joserfc from our private key file verifies here", arguments: ["Ed25519", "EdDSA"])
    func weVerifyJoserfcJWS(alg: String) throws {
        let key = StationSigningKey.generate()
        let (directory, privatePath, _) = try Self.keyFiles(key)
        defer { directory.remove() }
        let payloadPath = directory.file("certificate.json")
        try Self.certificate.write(to: URL(fileURLWithPath: payloadPath))

        let output = try PythonJOSE.runScript(["sign", privatePath, alg, payloadPath])
        try #require(output.status == 0, "python3 failed: \(output.stderr)")
        let verified = try JWS.verify(output.stdout, trustedKey: key.publicKey)
        #expect(verified.header.alg == alg)
        #expect(verified.payload == Self.certificate)
        #expect(verified.trusted)
    }
}
