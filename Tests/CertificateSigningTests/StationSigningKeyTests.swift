import Foundation
import Testing

@testable import CertificateSigning

@Suite("Station signing key files")
struct StationSigningKeyTests {
    @Test("the private key file is created with mode 0600 and loads back to the same key")
    func writeAndLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = StationSigningKey.generate()
        try key.write(privateKeyTo: directory.file("station.key"), publicKeyTo: directory.file("station.pub.jwk"))

        #expect(try permissionBits(of: directory.file("station.key")) == 0o600)
        let loaded = try StationSigningKey.load(privateKeyFrom: directory.file("station.key"))
        #expect(loaded.publicKey == key.publicKey)
        let compact = try JWS.sign(payload: Data("certificate".utf8), with: loaded)
        #expect(try JWS.verify(compact, trustedKey: key.publicKey).trusted)
        #expect(try StationSigningKey.loadPublicKey(from: directory.file("station.pub.jwk")) == key.publicKey)
    }

    @Test("the private file is an RFC 8037 private JWK; the public file is a pretty JWK without d")
    func fileContents() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let key = try StationSigningKey(privateKeyBytes: Base64URL.decode(RFC8037.d))
        try key.write(privateKeyTo: directory.file("k"), publicKeyTo: directory.file("k.pub"))

        let privateData = try Data(contentsOf: URL(fileURLWithPath: directory.file("k")))
        let privateJSON = try #require(try JSONSerialization.jsonObject(with: privateData) as? [String: String])
        #expect(privateJSON == [
            "kty": "OKP", "crv": "Ed25519", "d": RFC8037.d, "x": RFC8037.x, "kid": RFC8037.thumbprint,
        ])
        let publicText = try String(contentsOfFile: directory.file("k.pub"), encoding: .utf8)
        #expect(!publicText.contains(RFC8037.d))
        #expect(!publicText.contains("\"d\""))
        #expect(publicText.contains("\n  "), "pretty-printed")
        let positions = ["\"crv\"", "\"kid\"", "\"kty\"", "\"x\""].compactMap { publicText.range(of: $0)?.lowerBound }
        #expect(positions.count == 4 && positions == positions.sorted(), "sorted members: \(publicText)")
    }

    @Test("a private key file readable by group or others is refused, naming the file and mode", arguments: [
        0o644, 0o640, 0o604, 0o660, 0o666,
    ])
    func refusesOpenPermissions(mode: Int) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("station.key")
        try StationSigningKey.generate().write(privateKeyTo: path, publicKeyTo: directory.file("station.pub"))
        try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: path)

        let error = #expect(throws: SigningKeyFileError.permissionsTooOpen(path: path, mode: UInt32(mode))) {
            try StationSigningKey.load(privateKeyFrom: path)
        }
        let octal = "0" + String(mode, radix: 8)
        #expect(error?.description.contains("permissions \(octal) for '\(path)' are too open") == true)
        #expect(error?.description.contains("chmod 600") == true)
    }

    @Test("an owner-only key file (0400 or 0600) loads")
    func ownerOnlyModesLoad() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("station.key")
        let key = StationSigningKey.generate()
        try key.write(privateKeyTo: path, publicKeyTo: directory.file("station.pub"))
        try FileManager.default.setAttributes([.posixPermissions: 0o400], ofItemAtPath: path)
        #expect(try StationSigningKey.load(privateKeyFrom: path).publicKey == key.publicKey)
    }

    @Test("an existing key is not overwritten without consent, and is left untouched")
    func noOverwriteWithoutConsent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let privatePath = directory.file("station.key")
        let publicPath = directory.file("station.pub")
        let first = StationSigningKey.generate()
        try first.write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        let before = try Data(contentsOf: URL(fileURLWithPath: privatePath))

        let second = StationSigningKey.generate()
        #expect(throws: SigningKeyFileError.alreadyExists(path: privatePath)) {
            try second.write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        }
        #expect(try Data(contentsOf: URL(fileURLWithPath: privatePath)) == before)
        #expect(try StationSigningKey.loadPublicKey(from: publicPath) == first.publicKey)
    }

    @Test("an existing public key file blocks the write before the private key is created")
    func existingPublicKeyBlocks() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let publicPath = directory.file("station.pub")
        try Data("{}".utf8).write(to: URL(fileURLWithPath: publicPath))
        #expect(throws: SigningKeyFileError.alreadyExists(path: publicPath)) {
            try StationSigningKey.generate().write(privateKeyTo: directory.file("station.key"), publicKeyTo: publicPath)
        }
        #expect(!FileManager.default.fileExists(atPath: directory.file("station.key")))
    }

    @Test("overwrite: true replaces both files with a fresh 0600 private key, even over a 0644 file")
    func overwriteWithConsent() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let privatePath = directory.file("station.key")
        let publicPath = directory.file("station.pub")
        try StationSigningKey.generate().write(privateKeyTo: privatePath, publicKeyTo: publicPath)
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: privatePath)

        let replacement = StationSigningKey.generate()
        try replacement.write(privateKeyTo: privatePath, publicKeyTo: publicPath, overwrite: true)
        #expect(try permissionBits(of: privatePath) == 0o600)
        #expect(try StationSigningKey.load(privateKeyFrom: privatePath).publicKey == replacement.publicKey)
        #expect(try StationSigningKey.loadPublicKey(from: publicPath) == replacement.publicKey)
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
        #expect(leftovers == ["station.key", "station.pub"], "no temporary files left behind")
    }

    @Test("the same path for both keys is refused")
    func samePath() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("station.key")
        #expect(throws: SigningKeyFileError.samePath(path)) {
            try StationSigningKey.generate().write(privateKeyTo: path, publicKeyTo: path)
        }
    }

    @Test("the private key never shows in description, debugDescription, dump or interpolation")
    func privateKeyNeverPrinted() throws {
        let key = try StationSigningKey(privateKeyBytes: Base64URL.decode(RFC8037.d))
        var dumped = ""
        dump(key, to: &dumped)
        for text in [key.description, String(reflecting: key), "\(key)", dumped] {
            #expect(!text.contains(RFC8037.d), "leaked in: \(text)")
            #expect(text.contains(RFC8037.thumbprint), "identifies the key: \(text)")
        }
    }

    @Test("a broken or inconsistent private key file is reported without quoting d")
    func invalidPrivateKeyFiles() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let other = StationSigningKey.generate().publicKey
        let badD = String(RFC8037.d.dropLast(3)) + "+AA"
        let cases: [(String, String)] = [
            (#"{"kty":"OKP","crv":"Ed25519","x":"\#(RFC8037.x)"}"#, "no \"d\" member"),
            (#"{"kty":"OKP","crv":"Ed25519","d":"\#(badD)"}"#, "details withheld"),
            (#"{"kty":"OKP","crv":"Ed25519","d":"\#(RFC8037.d)","x":"\#(other.x)"}"#, "inconsistent"),
            (#"{"kty":"EC","crv":"P-256","d":"\#(RFC8037.d)"}"#, "kty \"EC\""),
            ("not json", "not valid JSON"),
        ]
        for (index, (content, fragment)) in cases.enumerated() {
            let path = directory.file("key\(index)")
            #expect(FileManager.default.createFile(
                atPath: path, contents: Data(content.utf8), attributes: [.posixPermissions: 0o600]
            ))
            let error = #expect(throws: SigningKeyFileError.self) { try StationSigningKey.load(privateKeyFrom: path) }
            guard case .invalidContent(let reportedPath, let reason) = error else {
                Issue.record("expected invalidContent for \(content), got \(String(describing: error))")
                continue
            }
            #expect(reportedPath == path)
            #expect(reason.contains(fragment), "reason: \(reason)")
            #expect(error?.description.contains(String(RFC8037.d.prefix(12))) == false)
        }
    }

    @Test("a missing key file is reported as not found")
    func missingFile() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("absent.key")
        #expect(throws: SigningKeyFileError.notFound(path: path)) { try StationSigningKey.load(privateKeyFrom: path) }
    }
}
