import BenchModel
import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// The simulated batch station serves one board of four arrays: the BERT and switch reach every socket's lanes,
/// and each socket's array carries the defects its station entry asks for.
@Suite struct BatchBoardTests {
    /// The shipped batch station with S1 healthy, S2 with 17 dead lanes and S3 with one weak lane.
    static func batchStation() throws -> StationFile {
        var text = try String(
            contentsOfFile: TestBench.repository.appendingPathComponent("stations/simulated-batch.yaml").path, encoding: .utf8)
        for (k, defects) in [(60, "dead_lanes: 0, weak_lanes: 0"), (70, "dead_lanes: 17, weak_lanes: 0"), (80, "dead_lanes: 0, weak_lanes: 1")] {
            let original = "simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: \(k) }"
            #expect(text.contains(original))
            text = text.replacingOccurrences(of: original, with: "simulation: { \(defects), dut_time_constant_seconds: \(k) }")
        }
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("qs-batch-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        let path = directory.appendingPathComponent("station.yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return try StationFile.load(path: path)
    }

    @Test func theBoardCarriesEachSocketsOwnDefectsOnItsOwnChannels() async throws {
        let file = try Self.batchStation()
        let bench = try TestBench(file)
        let array = bench.station.bench.array
        #expect(array.lanes.count == 1664)
        func count(_ laneClass: LaneTraits.LaneClass, socket: Int) -> Int {
            array.lanes[(socket * 416)..<((socket + 1) * 416)].filter { $0.laneClass == laneClass }.count
        }
        #expect((0..<3).map { count(.dead, socket: $0) } == [0, 17, 0])
        #expect((0..<3).map { count(.weak, socket: $0) } == [0, 0, 1])
        let drivers = try await bench.connectAll()
        #expect(await drivers.bert.channelCount() == 1664)
        #expect(await drivers.opticalSwitch.channelCount() == 1664)
        await bench.shutDown(drivers)
    }
}
