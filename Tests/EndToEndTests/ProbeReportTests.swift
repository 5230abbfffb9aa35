import Foundation
import Testing

/// `qualstation probe` against the simulated station tells a technician what it found, in words: the F4's
/// profile, the 2460's command set, the N774x's channel count, the switch model.
@Suite("qualstation probe reports")
struct ProbeReportTests {
    @Test("probe names the F4's profile state, the 2460's command set, the meter's channels and the switch")
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
            ("supply", [], "the 2460 is in its SCPI command set"),
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

    @Test("probe reads channel 101 of the batch station's simulated DAQ970A thermocouple reader")
    func probeReadsTheThermocoupleReader() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let station = root.appendingPathComponent("stations/simulated-batch.yaml").path
        let (process, listing) = try await QualStationProcess.startSimulator(keyDirectory: scratch, station: station)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let line = try #require(listing.split(separator: "\n").first { $0.split(separator: " ").first == "thermocouples" }, "\(listing)")
        let words = line.split(separator: " ").map(String.init)
        #expect(words.count == 3 && words[1] == "keysight-daq970a", "\(line)")
        let result = try await QualStationProcess.run(
            ["probe", "--driver", "keysight-daq970a", "--resource", words[2]], keyDirectory: scratch)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.contains("DAQ970A"), "\(result.output)")
        #expect(result.output.contains("thermocouple_channel_101"), "\(result.output)")
    }

    @Test("probe names a Keysight N7731C and a JDSU SB switch, their outputs and their command sets", arguments: [
        ("keysight-n7731c", "Keysight Technologies N7731C with 416 outputs, driven with the keysight-n7731c command set"),
        ("jdsu-sb", "JDS Uniphase SB416B5-C2FP with 416 outputs, driven with the jdsu-sb command set"),
    ])
    func probeNamesRealSwitches(driver: String, finding: String) async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let root = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let text = try String(contentsOf: root.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        let station = scratch.appendingPathComponent("station-\(driver).yaml")
        try text.replacingOccurrences(of: "driver: scpi-switch", with: "driver: \(driver)")
            .write(to: station, atomically: true, encoding: .utf8)
        let (process, listing) = try await QualStationProcess.startSimulator(keyDirectory: scratch, station: station.path)
        defer {
            process.terminate()
            process.waitUntilExit()
        }
        let line = try #require(listing.split(separator: "\n").first { $0.split(separator: " ").first == "switch" }, "\(listing)")
        let words = line.split(separator: " ").map(String.init)
        #expect(words.count == 3 && words[1] == driver, "\(line)")
        let result = try await QualStationProcess.run(
            ["probe", "--driver", driver, "--resource", words[2]], keyDirectory: scratch)
        #expect(result.status == 0, "\(result.output)\(result.errorOutput)")
        #expect(result.output.contains(finding), "\(result.output)")
    }
}
