import Foundation
import Testing

/// `qualstation probe` against the simulated station tells a technician what it found, in words: the F4's
/// profile, the 2450's command set, the N774x's channel count, the switch model.
@Suite("qualstation probe reports")
struct ProbeReportTests {
    @Test("probe names the F4's profile state, the 2450's command set, the meter's channels and the switch")
    func probeReportsFindings() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let (process, text) = try await QualStationProcess.startSimulator(keyDirectory: scratch)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        // Lines: "  <role> <driver> <resource>".
        var served: [String: (driver: String, resource: String)] = [:]
        for line in text.split(separator: "\n") {
            let words = line.split(separator: " ").map(String.init)
            if words.count == 3 { served[words[0]] = (words[1], words[2]) }
        }
        let expectations: [(role: String, extra: [String], finding: String)] = [
            ("chamber", ["--baud", "19200"], "no profile is running on the F4"),
            ("supply", [], "the 2450 is in its SCPI command set"),
            ("meter", [], "reports 4 optical inputs"),
            ("switch", [], "driven with the scpi-switch command set"),
        ]
        for expectation in expectations {
            let entry = try #require(served[expectation.role], "\(text)")
            let result = try await QualStationProcess.run(
                ["probe", "--driver", entry.driver, "--resource", entry.resource] + expectation.extra,
                keyDirectory: scratch)
            #expect(result.status == 0, "\(expectation.role): \(result.output)\(result.errorOutput)")
            #expect(result.output.contains(expectation.finding), "\(expectation.role): \(result.output)")
        }
    }
}
