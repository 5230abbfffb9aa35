import Foundation
import Testing

/// A small reliability campaign (`scripts/reliability-campaign`), as CI can afford: a few kill -9 + resume runs,
/// fault-injected runs and mutated files, on the quick check. The full campaign is run by hand (README).
@Suite("reliability campaign, small")
struct ReliabilityCampaignTests {
    @Test("killed and resumed runs, fault-injected runs and mutated files: no wrong verdict, lost certificate, crash or hang")
    func smallCampaign() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let report = scratch.appendingPathComponent("campaign.json")
        let result = try await QualStationProcess.blocking { () throws -> (Int32, String) in
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = [
                "python3", "scripts/reliability-campaign", "--binary", QualStationProcess.executable.path,
                "--profile", "profiles/quick-check.yaml", "--kills", "3", "--faults", "3", "--mutations", "150",
                "--seed", "5", "--work", scratch.appendingPathComponent("work").path, "--json", report.path,
            ]
            process.currentDirectoryURL = QualStationProcess.packageRoot
            let output = Pipe()
            process.standardOutput = output
            process.standardError = output
            try process.run()
            let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
            process.waitUntilExit()
            return (process.terminationStatus, text)
        }
        #expect(result.0 == 0, "\(result.1)")
        let data = try Data(contentsOf: report)
        let object = try #require(try JSONSerialization.jsonObject(with: data) as? [String: Any])
        #expect(object["clean"] as? Bool == true, "\(result.1)")
        let trials = try #require(object["trials"] as? [[String: Any]])
        #expect(trials.count == 3, "\(result.1)")
        for trial in trials {
            let counts = try #require(trial["counts"] as? [String: Int])
            #expect(counts["crashes"] == 0 && counts["hangs"] == 0, "\(trial)")
            if let identical = counts["identical"], let differ = counts["differ"] {
                #expect(identical + differ == 3, "every run must end with a certificate: \(trial)")
                #expect(counts["wrong verdicts"] == 0 && counts["no certificate"] == 0, "\(trial)")
            } else {
                #expect(counts["refused without naming the file"] == 0, "every refusal names the file: \(trial)")
                #expect((counts["accepted"] ?? 0) + (counts["refused with the file named"] ?? 0) == 150, "\(trial)")
            }
        }
        #expect(result.1.contains("identical / differ / no certificate:"))
        #expect(result.1.contains("wrong verdicts: 0"))
    }
}
