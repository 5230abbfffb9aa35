import Fleet
import Foundation
import Testing

extension FleetTests {
    @Test("a batch run with --fleet replicates every member's run, measurements and certificate as it goes")
    func batchReplicates() async throws {
        let binary = try #require(Self.qualstation, "the qualstation binary is built by `swift build --build-tests`")
        let url = try await TestPostgres.freshDatabase()
        let runs = try FleetRuns()
        let base = runs.scratch.appendingPathComponent("batch")
        let process = Process()
        process.executableURL = binary
        process.currentDirectoryURL = FleetRuns.packageRoot
        process.arguments = [
            "run", "--station", "stations/simulated-batch.yaml", "--profile", "profiles/quick-check.yaml",
            "--socket", "S1=FLEET-B1", "--socket", "S3=FLEET-B3", "--out", base.path, "--fleet", url.description,
        ]
        var environment = ProcessInfo.processInfo.environment
        environment["QUALSTATION_KEY_DIR"] = runs.scratch.appendingPathComponent("keys").path
        environment["QUALSTATION_LOCK_DIR"] = runs.scratch.appendingPathComponent("locks").path
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let errors = Pipe()
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        let said = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        #expect([0, 1].contains(process.terminationStatus), "\(said)")
        let members = try FileManager.default.contentsOfDirectory(atPath: base.path).sorted().map { base.appendingPathComponent($0).path }
        #expect(members.count == 2)
        #expect(members.map { URL(fileURLWithPath: $0).lastPathComponent.hasPrefix("FLEET-B") } == [true, true])
        for member in members { #expect(said.contains("fleet: run \(member) replicated to"), "\(said)") }
        // Every member's run is in the fleet whole: verdict, steps, measurements, events and its certificate.
        try await Self.expectEqualCounts(members, url)
    }
}
