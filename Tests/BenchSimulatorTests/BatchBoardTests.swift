import BenchModel
import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// The simulated batch station serves one board of four arrays: the BERT and switch reach every socket's lanes,
/// and each socket's array carries the defects its station entry asks for.
@Suite struct BatchBoardTests {
    /// The shipped batch station with S1 healthy, S2 with 17 dead lanes, S3 with one weak lane and S4 drawing
    /// excess current above 105 °C.
    static func batchStation(faults: String = "[]", replacing extra: [(String, String)] = []) throws -> StationFile {
        var text = try String(
            contentsOfFile: TestBench.repository.appendingPathComponent("stations/simulated-batch.yaml").path, encoding: .utf8)
        for (k, defects) in [(60, "dead_lanes: 0, weak_lanes: 0"), (70, "dead_lanes: 17, weak_lanes: 0"), (80, "dead_lanes: 0, weak_lanes: 1"),
            (90, "dead_lanes: 0, weak_lanes: 0, over_current_above_celsius: 105")] {
            let original = "simulation: { dead_lanes: auto, weak_lanes: auto, dut_time_constant_seconds: \(k) }"
            #expect(text.contains(original))
            text = text.replacingOccurrences(of: original, with: "simulation: { \(defects), dut_time_constant_seconds: \(k) }")
        }
        text = text.replacingOccurrences(of: "faults: []", with: "faults: \(faults)")
        for (original, replacement) in extra {
            #expect(text.contains(original))
            text = text.replacingOccurrences(of: original, with: replacement)
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

    /// A good lane of socket `socket` (0-based index) on the board, as a switch output.
    static func goodOutput(_ bench: TestBench, socket: Int) -> Int {
        let lanes = bench.station.bench.array.lanes[(socket * 416)..<((socket + 1) * 416)]
        return (lanes.first { $0.laneClass == .good }?.index ?? socket * 416) + 1
    }

    /// The real supply driver connected to socket `id`'s own simulated supply.
    static func ownSupply(of id: String, on bench: TestBench) async throws -> any PowerSupply {
        var configuration = try bench.configuration(.supply)
        configuration.resource = try #require(bench.station.socketResources[id])
        let (instrument, _) = try await InstrumentFactory.connect(configuration, events: { _ in })
        return try #require(instrument as? any PowerSupply)
    }

    @Test func eachSocketsOwnSupplyPowersOnlyItsArrayAndOverCurrentIsOnlyThatSockets() async throws {
        let file = try Self.batchStation()
        let bench = try TestBench(file)
        let drivers = try await bench.connectAll()
        let s4 = try await Self.ownSupply(of: "S4", on: bench)
        #expect(bench.station.socketResources.keys.sorted() == ["S2", "S3", "S4"])
        try await bench.powerUp(drivers)
        try await s4.configure(volts: 1.8, currentLimit: 2.5)
        try await s4.setOutput(true)
        try await bench.settle(drivers, at: 25)
        func power(socket: Int) async throws -> Double {
            try await drivers.opticalSwitch.route(to: Self.goodOutput(bench, socket: socket))
            try await bench.wait(0.1)
            return try await drivers.meter.readPower(channel: 1)
        }
        let dark = 1e-6
        #expect(try await power(socket: 0) > dark)
        #expect(try await power(socket: 3) > dark)
        // S2's supply is off: its lanes are dark whatever the others do.
        #expect(try await power(socket: 1) < dark)
        let normal = try await s4.measure()
        #expect(!normal.inCompliance && normal.amps > 0.5)
        let station = try await drivers.supply.measure()
        #expect(abs(station.amps - normal.amps) / normal.amps < 0.2)

        try await s4.setOutput(false)
        #expect(try await power(socket: 3) < dark)
        #expect(try await power(socket: 0) > dark)
        try await s4.setOutput(true)

        try await bench.settle(drivers, at: 110)
        let hot = try await s4.measure()
        #expect(hot.inCompliance, "S4 draws excess current above 105 °C: \(hot)")
        #expect(try await power(socket: 3) < dark)
        let stationHot = try await drivers.supply.measure()
        #expect(!stationHot.inCompliance && stationHot.amps < 2.5)
        #expect(try await power(socket: 0) > dark)
        await s4.disconnect()
        await bench.shutDown(drivers)
    }

    @Test func eachArrayBehavesAtItsOwnDUTsTemperature() async throws {
        // S4's DUT lags the air by 600 s and draws excess current above 50 °C; S1 carries the chamber's DUT input.
        let file = try Self.batchStation(replacing: [(
            "over_current_above_celsius: 105, dut_time_constant_seconds: 90 }",
            "over_current_above_celsius: 50, dut_time_constant_seconds: 600 }")])
        let bench = try TestBench(file)
        let drivers = try await bench.connectAll()
        let s4 = try await Self.ownSupply(of: "S4", on: bench)
        let reader = try await bench.connect(.thermocouples, as: (any ThermocoupleReader).self)
        try await bench.powerUp(drivers)
        try await s4.configure(volts: 1.8, currentLimit: 2.5)
        try await s4.setOutput(true)
        try await drivers.chamber.start()
        try await drivers.chamber.setSetpoint(85)
        try await bench.wait(5 * 60)
        let early = try await drivers.chamber.readTemperatures()
        let s4Early = try #require(try await reader.readTemperatures(channels: [104])[104])
        #expect(try #require(early.dutCelsius) > 70 && s4Early < 50, "S1 \(early.dutCelsius ?? .nan) °C, S4 \(s4Early) °C")
        #expect(!(try await s4.measure().inCompliance), "S4's own DUT is still below 50 °C, whatever S1's reads")
        try await bench.wait(40 * 60)
        let s4Late = try #require(try await reader.readTemperatures(channels: [104])[104])
        #expect(s4Late > 80)
        #expect(try await s4.measure().inCompliance, "S4's own DUT is above 50 °C now")
        await reader.disconnect()
        await s4.disconnect()
        await bench.shutDown(drivers)
    }
}
