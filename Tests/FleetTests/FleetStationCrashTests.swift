import Fleet
import Foundation
import GRDB
import Testing

extension FleetTests {
    /// The built `qualstation` binary, next to the test bundle in the build directory.
    static var qualstation: URL? {
        var candidate = URL(fileURLWithPath: CommandLine.arguments[0]).resolvingSymlinksInPath().deletingLastPathComponent()
        for _ in 0..<4 {
            let binary = candidate.appendingPathComponent("qualstation")
            if FileManager.default.isExecutableFile(atPath: binary.path) { return binary }
            candidate = candidate.deletingLastPathComponent()
        }
        let fallback = FleetRuns.packageRoot.appendingPathComponent(".build/debug/qualstation")
        return FileManager.default.isExecutableFile(atPath: fallback.path) ? fallback : nil
    }

    @Test("the station is killed (-9) mid-replication: a resumed sync sends the rest, no loss, no duplicates")
    func stationKilled() async throws {
        let binary = try #require(Self.qualstation, "the qualstation binary is built by `swift build --build-tests`")
        let url = try await TestPostgres.freshDatabase()
        let runs = try FleetRuns()
        let directory = try await runs.run(
            station: try runs.station(id: "FLEET-E", seed: 5), profile: "profiles/quick-check.yaml", dut: "FE-0001",
            lot: "LOT-E")
        let process = Process()
        process.executableURL = binary
        process.arguments = ["fleet", "sync", directory, "--fleet", url.description, "--batch-size", "20"]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        // Wait until the cursor shows the child is part-way, then kill it the hard way.
        let progress = try await Self.waitForCursor(directory, timeout: .seconds(60))
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        let total = try Self.localCounts(directory).measurements
        #expect(progress > 0 && progress < Int64(total), "killed part-way (at row \(progress) of \(total))")

        let replicator = FleetReplicator(url: url)
        _ = try await replicator.sync(runDirectory: directory)
        await replicator.close()
        try await Self.expectEqualCounts([directory], url)
    }
}
