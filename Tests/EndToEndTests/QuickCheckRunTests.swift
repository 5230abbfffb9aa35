import Foundation
import Testing

/// Drives the built `qualstation` binary through whole simulated runs, as a newcomer or CI would.
@Suite("qualstation run, end to end on the simulated station", .serialized)
struct QuickCheckRunTests {
    struct Certificate: Decodable {
        struct Criterion: Decodable {
            var name: String
            var verdict: String
        }
        var verdict: String
        var criteria: [Criterion]
    }

    static func certificate(in directory: URL) throws -> Certificate {
        let data = try Data(contentsOf: directory.appendingPathComponent("certificate.json"))
        return try JSONDecoder().decode(Certificate.self, from: data)
    }

    @Test("a quick-check run exits with its verdict's code and leaves the run directory and a verifiable certificate")
    func quickCheck() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let runDirectory = scratch.appendingPathComponent("run")
        let keys = scratch.appendingPathComponent("keys")
        let result = try await QualStationProcess.run(
            [
                "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml",
                "--dut", "E2E-0001", "--out", runDirectory.path,
            ], keyDirectory: keys)
        #expect(result.status == 0, "stdout:\n\(result.output)\nstderr:\n\(result.errorOutput)")
        #expect(result.output.contains("VERDICT: PASS"))
        for file in ["run.sqlite", "events.log", "certificate.json", "certificate.jws", "certificate.html"] {
            #expect(FileManager.default.fileExists(atPath: runDirectory.appendingPathComponent(file).path), "\(file) missing")
        }
        let certificate = try Self.certificate(in: runDirectory)
        #expect(certificate.verdict == "PASS")
        #expect(!certificate.criteria.isEmpty)
        #expect(certificate.criteria.allSatisfy { $0.verdict == "PASS" })
        let log = try String(contentsOf: runDirectory.appendingPathComponent("events.log"), encoding: .utf8)
        #expect(log.contains("verdict PASS"))

        let verify = try await QualStationProcess.run(
            ["certificate", "verify", runDirectory.path, "--key", keys.appendingPathComponent("station-key.public.jwk").path],
            keyDirectory: keys)
        #expect(verify.status == 0, "\(verify.output)\(verify.errorOutput)")

        let show = try await QualStationProcess.run(["certificate", "show", runDirectory.path], keyDirectory: keys)
        #expect(show.status == 0)
        // A simulated run says so first, then the verdict.
        #expect(show.output.hasPrefix("SIMULATED — not a qualification of hardware (simulated instruments, seed 20261123)\nPASS"))
        #expect(verify.output.contains("SIMULATED — not a qualification of hardware"))
        #expect(show.output.contains("E2E-0001"))

        // Someone edits the readable certificate: verification must say so and fail.
        let json = runDirectory.appendingPathComponent("certificate.json")
        let edited = try String(contentsOf: json, encoding: .utf8).replacingOccurrences(of: "E2E-0001", with: "E2E-9999")
        try edited.write(to: json, atomically: true, encoding: .utf8)
        let tampered = try await QualStationProcess.run(["certificate", "verify", runDirectory.path], keyDirectory: keys)
        #expect(tampered.status == 1)
        #expect(tampered.output.contains("FAILED certificate.json matches its signed digest"))

        // A completed run cannot be resumed.
        let resume = try await QualStationProcess.run(["resume", runDirectory.path], keyDirectory: keys)
        #expect(resume.status == 65)
        #expect(resume.errorOutput.contains("already completed"))
    }

    @Test("the same seed gives the same certificate contents")
    func determinism() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        var documents: [[String: Any]] = []
        for name in ["a", "b"] {
            let directory = scratch.appendingPathComponent(name)
            let result = try await QualStationProcess.run(
                [
                    "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml",
                    "--dut", "SEED-0001", "--seed", "7", "--out", directory.path,
                ], keyDirectory: keys)
            #expect([0, 1].contains(result.status), "\(result.output)\(result.errorOutput)")
            let data = try Data(contentsOf: directory.appendingPathComponent("certificate.json"))
            let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
            documents.append(object)
        }
        for key in ["verdict", "criteria", "lanes", "remap", "reasons"] {
            let first = try JSONSerialization.data(withJSONObject: documents[0][key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            let second = try JSONSerialization.data(withJSONObject: documents[1][key] ?? NSNull(), options: [.sortedKeys, .fragmentsAllowed])
            #expect(first == second, "certificate field \(key) differs between two runs with seed 7")
        }
    }
}
