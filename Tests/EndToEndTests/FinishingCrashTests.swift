import Foundation
import Testing

/// Finishing a run survives being killed at any stage: `resume` issues the certificate from run.sqlite when the
/// verdict is recorded but a certificate file is missing or partial, and the certificate then verifies.
@Suite("finishing after a crash, end to end", .serialized)
struct FinishingCrashTests {
    /// Every crash point of a debug build (`FinishingCrashPoint`), in the order finishing reaches them.
    static let stages = [
        "sequence-done", "verdict-recorded", "verdict-logged", "json-temporary", "json-written", "html-written",
        "jws-temporary", "jws-written",
    ]

    @Test("killed at each stage of finishing, resume leaves a whole certificate that verifies", arguments: stages)
    func crashWhileFinishing(stage: String) async throws {
        let (crashed, keys, directory) = try await QualStationProcess.quickCheck(
            dut: "CRASH-0001", scratch: try QualStationProcess.scratchDirectory(),
            extraEnvironment: ["QUALSTATION_CRASH_AT": stage])
        #expect(crashed.status == SIGKILL, "the run was to die at \(stage): \(crashed.output)\(crashed.errorOutput)")

        let resumed = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        if stage == "jws-written" {
            #expect(resumed.status == 65, "\(resumed.output)\(resumed.errorOutput)")
            #expect(resumed.errorOutput.contains("nothing to resume"))
        } else {
            #expect(resumed.status == 0, "\(resumed.output)\(resumed.errorOutput)")
            #expect(resumed.output.contains("VERDICT: PASS"))
        }
        if !["sequence-done", "jws-written"].contains(stage) {
            #expect(resumed.output.contains("issuing it from run.sqlite"), "\(resumed.output)")
        }
        let verified = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
        #expect(verified.status == 0, "\(verified.output)\(verified.errorOutput)")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
        #expect(!names.contains { $0.hasPrefix(".qualstation-tmp-") }, "temporary files left: \(names)")
        let log = try String(contentsOf: directory.appendingPathComponent("events.log"), encoding: .utf8)
        #expect(log.components(separatedBy: "verdict PASS").count - 1 >= 1)

        // Issuing again changes nothing: the certificate stays whole.
        let again = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        #expect(again.status == 65 && again.errorOutput.contains("nothing to resume"), "\(again.output)\(again.errorOutput)")
    }

    @Test("a certificate.json cut short is issued again by resume; the run database is not touched")
    func truncatedCertificate() async throws {
        let (run, keys, directory) = try await QualStationProcess.quickCheck(
            dut: "CRASH-0002", scratch: try QualStationProcess.scratchDirectory())
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        let json = directory.appendingPathComponent("certificate.json")
        let whole = try Data(contentsOf: json)
        try whole.prefix(1000).write(to: json)
        let resumed = try await QualStationProcess.run(["resume", directory.path], keyDirectory: keys)
        #expect(resumed.status == 0, "\(resumed.output)\(resumed.errorOutput)")
        #expect(resumed.output.contains("certificate.json is cut short"), "\(resumed.output)")
        #expect(try Data(contentsOf: json) == whole)
        let verified = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
        #expect(verified.status == 0, "\(verified.output)\(verified.errorOutput)")
    }
}
