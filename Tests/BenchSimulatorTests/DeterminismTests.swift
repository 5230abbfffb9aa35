import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Determinism")
struct DeterminismTests {
    /// Everything a short session reads, in order.
    struct Readings: Equatable {
        var chamber: [ChamberReading] = []
        var supply: [SupplyReading] = []
        var powers: [Double] = []
        var counters: [[LaneCounters]] = []
    }

    /// One fixed session: heat to 115 °C, run a gate, scan the lanes, read the supply.
    static func session(seed: UInt64?) async throws -> Readings {
        let bench = try TestBench(try TestBench.stationFile(lanes: 16, dead: "auto", weak: "auto"), seed: seed)
        let drivers = try await bench.connectAll()
        var readings = Readings()
        try await bench.powerUp(drivers)
        try await drivers.chamber.start()
        try await drivers.chamber.setSetpoint(115)
        for _ in 0..<4 {
            try await bench.wait(150)
            readings.chamber.append(try await drivers.chamber.readTemperatures())
            readings.supply.append(try await drivers.supply.measure())
        }
        try await drivers.bert.startGate()
        readings.counters.append(try await drivers.bert.readCounters())
        for _ in 0..<3 {
            try await bench.wait(20)
            readings.counters.append(try await drivers.bert.readCounters())
        }
        for lane in 0..<16 {
            try await drivers.opticalSwitch.route(to: lane + 1)
            try await bench.wait(0.015)
            readings.powers.append(try await drivers.meter.readPower(channel: 1))
        }
        readings.powers += try await drivers.meter.readAllPowers()
        await bench.shutDown(drivers)
        return readings
    }

    @Test("the same seed and the same requests give identical readings; another seed does not")
    func sameSeedSameReadings() async throws {
        let first = try await Self.session(seed: nil)
        let second = try await Self.session(seed: nil)
        #expect(first == second)
        let other = try await Self.session(seed: 99)
        #expect(other.powers != first.powers)
    }
}
