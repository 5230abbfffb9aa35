import Foundation
import Testing

/// A simulated run's dates come from its virtual clock, which starts at the station's fixed epoch: the README's
/// quick check run three years from now (libfaketime) passes with the same certificate as one run today.
@Suite("reproducible simulated time, end to end", .serialized)
struct ReproducibleTimeTests {
    /// Debian's `faketime` wrapper, which preloads libfaketime into the binary.
    static let faketime = "/usr/bin/faketime"

    static func quickCheck(_ directory: URL) -> [String] {
        [
            "run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "TIME-0001",
            "--seed", "7", "--out", directory.path,
        ]
    }

    /// The certificate's text with the run id (named after the wall-clock start, so two runs never share a
    /// directory) replaced by a placeholder.
    static func contents(_ directory: URL, runID: String) throws -> String {
        try String(contentsOf: directory.appendingPathComponent("certificate.json"), encoding: .utf8)
            .replacingOccurrences(of: runID, with: "<run>")
    }

    /// The run id printed with the verdict: `VERDICT: PASS  (run <id>)`.
    static func runID(_ output: String) -> String? {
        guard let range = output.range(of: "(run ") else { return nil }
        return output[range.upperBound...].prefix { $0 != ")" }.description
    }

    @Test("the quick check three years from now passes with the same certificate contents as today")
    func threeYearsAhead() async throws {
        try #require(
            FileManager.default.isExecutableFile(atPath: Self.faketime),
            "faketime is missing: install Debian's faketime (scripts/install-deps)")
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let today = try await QualStationProcess.run(Self.quickCheck(scratch.appendingPathComponent("today")), keyDirectory: keys)
        #expect(today.status == 0, "\(today.output)\(today.errorOutput)")
        let later = try await QualStationProcess.run(
            Self.quickCheck(scratch.appendingPathComponent("later")), keyDirectory: keys,
            launcher: [Self.faketime, "-f", "+3y"])
        #expect(later.status == 0, "\(later.output)\(later.errorOutput)")
        #expect(later.output.contains("VERDICT: PASS"))

        let todayID = try #require(Self.runID(today.output))
        let laterID = try #require(Self.runID(later.output))
        // The wall clock really was three years ahead: the run is named after it.
        let year = Calendar(identifier: .gregorian).component(.year, from: Date())
        #expect(laterID.contains("-\(year + 3)") || laterID.contains("-\(year + 2)1231"), "run id \(laterID)")
        let expected = try Self.contents(scratch.appendingPathComponent("today"), runID: todayID)
        let actual = try Self.contents(scratch.appendingPathComponent("later"), runID: laterID)
        #expect(actual == expected, "the certificates differ beyond the run id")
        #expect(expected.contains("2026-03-01"), "the run is dated from the station's simulation epoch")
    }

    @Test("simulation.epoch moves the run's dates, and a bad epoch names the file, field and value")
    func epochField() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let keys = scratch.appendingPathComponent("keys")
        let original = try String(
            contentsOf: QualStationProcess.packageRoot.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        let marker = "simulation:\n"
        #expect(original.contains(marker))
        let moved = scratch.appendingPathComponent("moved.yaml")
        try original.replacingOccurrences(of: marker, with: marker + "  epoch: 2026-06-15T10:30:00Z\n")
            .write(to: moved, atomically: true, encoding: .utf8)
        let directory = scratch.appendingPathComponent("run")
        let run = try await QualStationProcess.run(
            ["run", "--station", moved.path, "--profile", "profiles/quick-check.yaml", "--dut", "TIME-0002", "--out", directory.path],
            keyDirectory: keys)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        let log = try String(contentsOf: directory.appendingPathComponent("events.log"), encoding: .utf8)
        #expect(log.hasPrefix("2026-06-15T10:30:00Z"), "\(log.prefix(200))")

        let broken = scratch.appendingPathComponent("broken.yaml")
        try original.replacingOccurrences(of: marker, with: marker + "  epoch: next tuesday\n")
            .write(to: broken, atomically: true, encoding: .utf8)
        let refused = try await QualStationProcess.run(["validate", "--station", broken.path], keyDirectory: keys)
        #expect(refused.status == 65, "\(refused.output)\(refused.errorOutput)")
        let text = refused.output + refused.errorOutput
        #expect(text.contains("broken.yaml") && text.contains("simulation.epoch") && text.contains("next tuesday"), "\(text)")
    }
}
