import CertificateSigning
import Certificates
import Foundation
import Testing

@Suite struct CertificateSigningFlowTests {
    /// Writes the fixture's certificate with a new key; returns the fixture, the key and the written files.
    static func written() throws -> (CertificateFixture, StationSigningKey, CertificateWriter.Files) {
        let fixture = try CertificateFixture.make()
        let key = StationSigningKey.generate()
        let log = try TemperatureLog.read(from: fixture.store)
        let files = try CertificateWriter.write(
            fixture.document, to: try fixture.subdirectory("out").path, key: key, temperatureLog: log)
        return (fixture, key, files)
    }

    @Test func theWriterProducesTheJSONItsJWSSignsAndTheHTML() throws {
        let (fixture, key, files) = try Self.written()
        defer { fixture.remove() }
        #expect(files.json.hasSuffix("/certificate.json"))
        #expect(files.jws.hasSuffix("/certificate.jws"))
        #expect(files.html.hasSuffix("/certificate.html"))
        let json = try Data(contentsOf: URL(fileURLWithPath: files.json))
        #expect(json == (try fixture.document.jsonData()))
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        #expect(json == (try encoder.encode(fixture.document)) + Data("\n".utf8))
        let jws = try String(contentsOfFile: files.jws, encoding: .utf8)
        #expect(jws.hasSuffix("\n"))
        #expect(jws.filter { $0 == "\n" }.count == 1)
        let verified = try JWS.verify(jws, trustedKey: key.publicKey)
        // The JWS signs a small summary binding certificate.json, certificate.html (and events.log) by SHA-256.
        #expect(verified.payload.count <= SignedSummary.maximumBytes)
        let summary = try SignedSummary.decode(from: verified.payload)
        #expect(summary.certificateID == fixture.document.id)
        #expect(summary.verdict == fixture.document.verdict)
        #expect(summary.files.first { $0.file == "certificate.json" }?.sha256 == SignedSummary.sha256(json))
        #expect(summary.evidenceChain == fixture.document.evidenceChain)
        #expect(summary.evidenceChain != nil)
        #expect(try CertificateDocument.decode(from: json) == fixture.document)
        let html = try String(contentsOfFile: files.html, encoding: .utf8)
        #expect(html.hasPrefix("<!DOCTYPE html>"))
    }

    @Test func anIntactCertificateWithItsStationKeyVerifies() throws {
        let (fixture, key, files) = try Self.written()
        defer { fixture.remove() }
        let report = CertificateVerifier.verify(
            jwsPath: files.jws, trustedKeyPath: try fixture.publicKeyFile(key, name: "station.pub.jwk"))
        #expect(report.isValid)
        #expect(report.keyTrusted)
        #expect(report.failures.isEmpty)
        #expect(
            report.checks.map(\.name) == [
                CertificateVerifier.signatureCheck, CertificateVerifier.trustedKeyCheck,
                CertificateVerifier.jsonMatchCheck, "certificate.html matches its signed digest",
                CertificateVerifier.payloadCheck, VerdictRecomputation.check,
            ])
        #expect(report.document == fixture.document)
        #expect(report.description.contains("nothing failed"))
    }

    @Test func withoutATrustedKeyTheReportSaysTheKeyWasNotChecked() throws {
        let (fixture, _, files) = try Self.written()
        defer { fixture.remove() }
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: nil)
        #expect(report.isValid)
        #expect(!report.keyTrusted)
        #expect(!report.checks.contains { $0.name == CertificateVerifier.trustedKeyCheck })
        #expect(report.description.contains("signature valid but the key is not checked against a trusted key"))
    }

    @Test func oneAlteredByteOfTheJSONIsReportedAndNothingElse() throws {
        let (fixture, key, files) = try Self.written()
        defer { fixture.remove() }
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: files.json)))
        let offset = try #require(bytes.firstIndex(of: UInt8(ascii: "P")))  // the verdict "PASS" or a name: any byte will do
        bytes[offset] = UInt8(ascii: "F")
        try Data(bytes).write(to: URL(fileURLWithPath: files.json))
        let keyPath = URL(fileURLWithPath: files.json).deletingLastPathComponent().appendingPathComponent("key.jwk")
            .path
        try key.publicKey.jsonData().write(to: URL(fileURLWithPath: keyPath))
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: keyPath)
        #expect(!report.isValid)
        // The signature still holds; the changed file is named first (what it now decodes to may fail further checks).
        #expect(report.checks.first { $0.name == CertificateVerifier.signatureCheck }?.passed == true)
        #expect(report.failures.first?.name == CertificateVerifier.jsonMatchCheck)
        let detail = try #require(report.failures.first?.detail)
        #expect(detail.contains("but the signed summary binds"))
        #expect(detail.contains("changed after signing"))
        #expect(report.description.contains("failed: \(CertificateVerifier.jsonMatchCheck)"))
        #expect(report.keyTrusted)
    }

    @Test func aDifferentTrustedKeyIsReportedAsUntrusted() throws {
        let (fixture, _, files) = try Self.written()
        defer { fixture.remove() }
        let other = StationSigningKey.generate()
        let report = CertificateVerifier.verify(
            jwsPath: files.jws, trustedKeyPath: try fixture.publicKeyFile(other, name: "other.jwk"))
        #expect(!report.isValid)
        #expect(!report.keyTrusted)
        #expect(report.failures.map(\.name) == [CertificateVerifier.trustedKeyCheck])
        #expect(report.failures.first?.detail.contains(other.publicKey.thumbprint) == true)
        #expect(report.checks.first { $0.name == CertificateVerifier.signatureCheck }?.passed == true)
    }

    @Test func aChangedSignedPayloadFailsTheSignature() throws {
        let (fixture, key, files) = try Self.written()
        defer { fixture.remove() }
        let parts = try String(contentsOfFile: files.jws, encoding: .utf8)
            .trimmingCharacters(in: .whitespacesAndNewlines).split(separator: ".").map(String.init)
        var document = fixture.document
        document.verdict = .fail
        let forged = parts[0] + "." + Base64URL.encode(try document.jsonData()) + "." + parts[2] + "\n"
        try forged.write(toFile: files.jws, atomically: true, encoding: .utf8)
        let report = CertificateVerifier.verify(
            jwsPath: files.jws, trustedKeyPath: try fixture.publicKeyFile(key, name: "k.jwk"))
        #expect(!report.isValid)
        #expect(report.failures.map(\.name) == [CertificateVerifier.signatureCheck])
        #expect(report.document == nil)
        #expect(report.description.contains("bad signature"))
    }

    @Test func aSignedCertificateWhoseVerdictsDoNotFollowFromItsInputsIsReported() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        // A signer that wrote FAIL for a passing part and cleared a failed lane, against the evidence it signed.
        var document = fixture.document
        #expect(document.verdict == .pass)
        document.verdict = .fail
        document.lanes[7].verdict = .pass
        document.lanes[7].failures = []
        let key = StationSigningKey.generate()
        let files = try CertificateWriter.write(
            document, to: try fixture.subdirectory("forged").path, key: key, temperatureLog: try TemperatureLog.read(from: fixture.store))
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: try fixture.publicKeyFile(key, name: "k.pub.jwk"))
        #expect(!report.isValid)
        let check = try #require(report.checks.first { $0.name == VerdictRecomputation.check })
        #expect(!check.passed)
        #expect(check.detail.contains("overall verdict: the certificate says FAIL, its inputs give PASS"))
        #expect(check.detail.contains("lane 7: the certificate says PASS, its inputs give FAIL"))
        // The unaltered certificate recomputes cleanly.
        #expect(VerdictRecomputation.mismatches(fixture.document).isEmpty)
    }

    @Test("a certificate.json flipped to simulated no longer matches its summary, and the report says which is simulated")
    func aJSONFlippedToSimulatedIsReported() throws {
        let (fixture, _, files) = try Self.written()
        defer { fixture.remove() }
        let text = try String(contentsOfFile: files.json, encoding: .utf8)
        #expect(text.contains("\"simulated\" : false"))
        try text.replacingOccurrences(of: "\"simulated\" : false", with: "\"simulated\" : true")
            .write(toFile: files.json, atomically: true, encoding: .utf8)
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: nil)
        #expect(!report.isValid)
        #expect(report.failures.map(\.name).prefix(2) == [CertificateVerifier.jsonMatchCheck, CertificateVerifier.payloadCheck])
        let detail = try #require(report.failures.first { $0.name == CertificateVerifier.payloadCheck }?.detail)
        #expect(detail.contains("(SIMULATED), but the signed summary names"), "\(detail)")
    }

    /// Writes the fixture's certificate into a run directory that already holds `events.log`.
    static func writtenWithEventLog(_ log: String) throws -> (CertificateFixture, CertificateWriter.Files, URL) {
        let fixture = try CertificateFixture.make()
        let directory = try fixture.subdirectory("run")
        let logURL = directory.appendingPathComponent(CertificateWriter.eventLogFileName)
        try Data(log.utf8).write(to: logURL)
        let files = try CertificateWriter.write(
            fixture.document, to: directory.path, key: StationSigningKey.generate(),
            temperatureLog: try TemperatureLog.read(from: fixture.store))
        return (fixture, files, logURL)
    }

    @Test("events.log grown by a later resume still verifies, and the report says how much was appended")
    func anEventLogAppendedAfterSigningVerifies() throws {
        let (fixture, files, logURL) = try Self.writtenWithEventLog("2026-01-01T00:00:00Z run started\n")
        defer { fixture.remove() }
        let handle = try FileHandle(forWritingTo: logURL)
        try handle.seekToEnd()
        try handle.write(contentsOf: Data("2026-01-02T00:00:00Z resumed\n".utf8))
        try handle.close()
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: nil)
        #expect(report.isValid, "\(report.description)")
        let check = try #require(report.checks.first { $0.name == "events.log matches its signed digest" })
        #expect(check.passed)
        #expect(check.detail.contains("29 bytes were appended after signing"))
    }

    @Test("a changed byte in the signed part of events.log fails its digest check")
    func anEventLogChangedWithinItsSignedBytesFails() throws {
        let (fixture, files, logURL) = try Self.writtenWithEventLog("2026-01-01T00:00:00Z run started\n")
        defer { fixture.remove() }
        try Data("2026-01-01T00:00:00Z run STARTED\nmore\n".utf8).write(to: logURL)
        let report = CertificateVerifier.verify(jwsPath: files.jws, trustedKeyPath: nil)
        #expect(!report.isValid)
        #expect(report.failures.map(\.name) == ["events.log matches its signed digest"])
        #expect(report.failures.first?.detail.contains("changed after signing") == true)
    }

    @Test func aMissingJWSIsReportedNotThrown() {
        let report = CertificateVerifier.verify(jwsPath: "/nonexistent/certificate.jws", trustedKeyPath: nil)
        #expect(!report.isValid)
        #expect(report.failures.map(\.name) == [CertificateVerifier.fileCheck])
        #expect(report.description.contains("does not exist"))
    }

    @Test func aSignedPayloadThatIsNotACertificateIsReported() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let key = StationSigningKey.generate()
        let directory = try fixture.subdirectory("foreign")
        let path = directory.appendingPathComponent("certificate.jws").path
        try (try JWS.sign(payload: Data("{\"hello\":1}\n".utf8), with: key) + "\n").write(
            toFile: path, atomically: true, encoding: .utf8)
        let report = CertificateVerifier.verify(jwsPath: path, trustedKeyPath: nil)
        #expect(report.failures.map(\.name) == [CertificateVerifier.payloadCheck])
        #expect(report.failures.first?.detail.contains("not a QualStation signed summary") == true)
    }
}
