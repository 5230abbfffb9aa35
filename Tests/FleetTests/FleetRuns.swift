import Foundation
import Qualification
import RunControl

/// Whole simulated qualification runs, made in-process on the shipped simulated station, for the fleet tests.
struct FleetRuns {
    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    let scratch: URL

    init() throws {
        scratch = FileManager.default.temporaryDirectory.appendingPathComponent("qs-fleet-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
    }

    /// A copy of `stations/simulated.yaml` with another station id and seed.
    func station(id: String, seed: Int) throws -> String {
        var text = try String(contentsOf: Self.packageRoot.appendingPathComponent("stations/simulated.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "id: SIM-CPO-01", with: "id: \(id)")
        let path = scratch.appendingPathComponent("station-\(id).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// A burn-in profile shortened to one hour of virtual time.
    func shortBurnIn() throws -> String {
        var text = try String(
            contentsOf: Self.packageRoot.appendingPathComponent("profiles/burn-in-overnight.yaml"), encoding: .utf8)
        text = text.replacingOccurrences(of: "hours: 12, read_every_minutes: 10", with: "hours: 1, read_every_minutes: 10")
        let path = scratch.appendingPathComponent("burn-in-short.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Runs `profile` on `station` for `dut` and returns the run directory. Each DUT has its own signing key, as
    /// each station has, so concurrent runs never race to create one.
    func run(station: String, profile: String, dut: String, lot: String) async throws -> String {
        let directory = scratch.appendingPathComponent("run-\(dut)").path
        let runner = QualificationRunner(
            progress: SilentProgress(), keys: StationKeyStore(directory: scratch.appendingPathComponent("keys-\(dut)").path),
            softwareVersion: "test")
        _ = try await runner.start(
            RunRequest(
                stationPath: station,
                profilePath: profile.hasPrefix("/") ? profile : Self.packageRoot.appendingPathComponent(profile).path,
                dut: dut, outputDirectory: directory, operatorName: "tester", lot: lot))
        return directory
    }

    /// Three runs on three stations, concurrently: two quick checks (lots A and B) and one short burn-in (lot A).
    func threeStations() async throws -> [String] {
        let burnIn = try shortBurnIn()
        async let first = run(station: try station(id: "FLEET-A", seed: 1), profile: "profiles/quick-check.yaml", dut: "FA-0001", lot: "LOT-A")
        async let second = run(station: try station(id: "FLEET-B", seed: 2), profile: "profiles/quick-check.yaml", dut: "FB-0001", lot: "LOT-B")
        async let third = run(station: try station(id: "FLEET-C", seed: 3), profile: burnIn, dut: "FC-0001", lot: "LOT-A")
        return try await [first, second, third]
    }
}
