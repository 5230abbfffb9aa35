import Foundation
import RunControl
import Testing

/// A customer's verifier is a standard JOSE library: certificate.jws (a signed summary of at most 64 kB) verifies
/// with joserfc and jwcrypto as they come, raising no limit.
@Suite("certificate.jws with standard JOSE libraries")
struct StandardJOSEVerificationTests {
    /// Verifies the JWS with joserfc (its default registry and payload limit; Ed25519 named in `algorithms`, since
    /// joserfc lists RFC 9864's Ed25519 as not "recommended" and every JOSE library takes an allow-list) and with
    /// jwcrypto's defaults; prints the payload each returns.
    static let script = """
        import json, sys
        from joserfc import jws
        from joserfc.jwk import OKPKey
        from jwcrypto import jwk as cjwk, jws as cjws
        token = open(sys.argv[1]).read().strip()
        key = json.load(open(sys.argv[2]))
        first = jws.deserialize_compact(token, OKPKey.import_key(key), algorithms=["Ed25519"]).payload
        verifier = cjws.JWS()
        verifier.deserialize(token)
        verifier.verify(cjwk.JWK(**key))
        print(json.dumps({"joserfc": first.decode(), "jwcrypto": verifier.payload.decode()}))
        """

    @Test("joserfc and jwcrypto verify certificate.jws and return the signed summary")
    func standardLibrariesVerify() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(station: try run.station([]))
        let keyPath = run.scratch.appendingPathComponent("keys/station-key.public.jwk").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", Self.script, outcome.certificate.jws, keyPath]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        let text = String(decoding: output, as: UTF8.self)
        #expect(process.terminationStatus == 0, "\(text)")
        let payloads = try #require(try JSONSerialization.jsonObject(with: output) as? [String: String], "\(text)")
        let signed = try #require(payloads["joserfc"])
        #expect(payloads["jwcrypto"] == signed)
        #expect(signed.utf8.count <= 64 * 1024)
        let summary = try #require(try JSONSerialization.jsonObject(with: Data(signed.utf8)) as? [String: Any])
        #expect(summary["certificate_id"] as? String == outcome.document.id)
        #expect(summary["verdict"] as? String == "PASS")
        #expect(summary["simulated"] as? Bool == true)
        #expect(summary["seed"] as? String == "20261123")
        let files = try #require(summary["files"] as? [[String: Any]])
        #expect(Set(files.compactMap { $0["file"] as? String }) == ["certificate.json", "certificate.html", "events.log"])
        #expect((summary["evidence_chain"] as? [String: Any])?["head"] is String)
    }
}
