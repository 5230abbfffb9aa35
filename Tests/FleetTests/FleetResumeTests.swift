import Fleet
import Foundation
import Testing

extension FleetTests {
    /// Runs the built `qualstation` with `arguments`, keys and locks in `scratch`, and no fleet in its environment.
    static func qualstationProcess(_ binary: URL, _ arguments: [String], scratch: URL) -> Process {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = FleetRuns.packageRoot
        var environment = ProcessInfo.processInfo.environment
        environment["QUALSTATION_KEY_DIR"] = scratch.appendingPathComponent("keys").path
        environment["QUALSTATION_LOCK_DIR"] = scratch.appendingPathComponent("locks").path
        environment["QUALSTATION_FLEET_URL"] = nil
        process.environment = environment
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        return process
    }

    @Test("a run whose station file names the fleet is killed (-9); `qualstation resume` replicates the rest to that fleet, without --fleet")
    func resumeReplicatesToTheStationsFleet() async throws {
        let binary = try #require(Self.qualstation, "the qualstation binary is built by `swift build --build-tests`")
        let url = try await TestPostgres.freshDatabase()
        let runs = try FleetRuns()
        let station = try runs.station(id: "FLEET-R", seed: 6)
        try (String(contentsOfFile: station, encoding: .utf8) + "\nfleet:\n  url: \(url.description)\n")
            .write(toFile: station, atomically: true, encoding: .utf8)
        let profile = try runs.shortBurnIn()
        let directory = runs.scratch.appendingPathComponent("run-FR-0001").path

        let run = Self.qualstationProcess(
            binary, ["run", "--station", station, "--profile", profile, "--dut", "FR-0001", "--out", directory], scratch: runs.scratch)
        try run.run()
        // Killed while it replicates live to the station file's fleet, as a power cut would.
        let progress = try await Self.waitForCursor(directory)
        kill(run.processIdentifier, SIGKILL)
        run.waitUntilExit()
        #expect(progress > 0, "the run replicated to the station file's fleet before it was killed")
        #expect(try Self.runStatus(directory) == "running", "the run was killed before it finished")

        let resume = Self.qualstationProcess(binary, ["resume", directory], scratch: runs.scratch)
        try resume.run()
        resume.waitUntilExit()
        #expect([0, 1, 2].contains(resume.terminationStatus), "the resume ended with a verdict (status \(resume.terminationStatus))")
        // Everything the resume recorded, certificate included, is in the fleet without a sync.
        try await Self.expectEqualCounts([directory], url)
    }
}
