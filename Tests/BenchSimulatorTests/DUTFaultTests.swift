import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// The injected faults that disturb the measurement rather than the link: detectors losing lock, lanes going
/// dark, temperature readings departing from the physics. Each is observed through the real drivers.
@Suite("Injected measurement faults")
struct DUTFaultTests {
    static func bench(_ faults: String) throws -> TestBench {
        try TestBench(try TestBench.stationFile(lanes: 16, dead: "0", weak: "0", faults: faults))
    }

    @Test("lose-sync unlocks the named lanes' detectors for its window, they count no bits, relock after it, and the sticky flag shows the loss until SENS<n>:SYNC")
    func loseSync() async throws {
        // Lane 2 loses lock from 30 s to 60 s; lane 5 only from 30 s to 35 s, between two polls.
        let bench = try Self.bench("""
            [{ kind: lose-sync, role: bert, lanes: [2], after_seconds: 30, seconds: 30 },
             { kind: lose-sync, role: bert, lanes: [5], after_seconds: 30, seconds: 5 }]
            """)
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.bert.startGate()
        try await bench.wait(10)
        let before = try await drivers.bert.readCounters()
        #expect(before.allSatisfy { $0.synchronized && !$0.lockLost && $0.comparedBits > 0 })
        try await bench.wait(30)
        let during = try await drivers.bert.readCounters()
        #expect(!during[2].synchronized && during[2].lockLost)
        #expect(during[5].synchronized && during[5].lockLost, "a loss between two polls shows at the next poll")
        let untouched = during.indices.filter { $0 != 2 && $0 != 5 }
        #expect(untouched.allSatisfy { during[$0].synchronized && !during[$0].lockLost })
        try await bench.wait(10)
        let frozen = try await drivers.bert.readCounters()
        #expect(frozen[2].comparedBits == during[2].comparedBits, "an unlocked detector compares no bits")
        #expect(frozen[3].comparedBits > during[3].comparedBits)
        try await bench.wait(20)
        let after = try await drivers.bert.readCounters()
        #expect(after[2].synchronized && after[2].lockLost, "relocked by itself after the window, flag kept")
        #expect(after[2].comparedBits > frozen[2].comparedBits)
        try await drivers.bert.resynchronize(channel: 3)
        let resynchronized = try await drivers.bert.readCounters()
        #expect(resynchronized[2].synchronized && !resynchronized[2].lockLost)
        #expect(resynchronized[5].lockLost, "only the re-synchronised channel's flag clears")
        try await drivers.bert.startGate()
        #expect(try await drivers.bert.readCounters().allSatisfy { $0.synchronized && !$0.lockLost })
        await bench.shutDown(drivers)
    }

    @Test("dark lanes named on the meter go dark for the BERT as well, for good")
    func darkLanes() async throws {
        let bench = try Self.bench("[{ kind: dark-lanes, role: meter, lanes: [4, 9], after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.bert.startGate()
        try await drivers.opticalSwitch.route(to: 5)
        try await bench.wait(10)
        #expect(try await drivers.meter.readPower(channel: 1) > 1e-6)
        #expect(try await drivers.bert.readCounters().allSatisfy { $0.synchronized })
        try await bench.wait(30)
        #expect(try await drivers.meter.readPower(channel: 1) < 3e-9)
        try await drivers.opticalSwitch.route(to: 4)
        #expect(try await drivers.meter.readPower(channel: 1) > 1e-6)
        let counters = try await drivers.bert.readCounters()
        #expect(!counters[4].synchronized && counters[4].lockLost)
        #expect(!counters[9].synchronized && counters[9].lockLost)
        #expect(counters.indices.filter { $0 != 4 && $0 != 9 }.allSatisfy { counters[$0].synchronized })
        try await bench.wait(1000)
        try await drivers.bert.resynchronize(channel: 5)
        #expect(try await drivers.bert.readCounters()[4].synchronized == false)
        await bench.shutDown(drivers)
    }

    @Test("a temperature excursion shifts the chamber's air and DUT readings by kelvin for its window only")
    func temperatureExcursion() async throws {
        let bench = try Self.bench("[{ kind: temperature-excursion, role: chamber, after_seconds: 30, seconds: 20, kelvin: -4 }]")
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        try await bench.wait(10)
        let before = try await chamber.readTemperatures()
        try await bench.wait(30)
        let during = try await chamber.readTemperatures()
        try await bench.wait(20)
        let after = try await chamber.readTemperatures()
        let dutBefore = try #require(before.dutCelsius)
        let dutDuring = try #require(during.dutCelsius)
        let dutAfter = try #require(after.dutCelsius)
        #expect(abs(during.airCelsius - before.airCelsius + 4) < 0.5)
        #expect(abs(dutDuring - dutBefore + 4) < 0.5)
        #expect(abs(after.airCelsius - before.airCelsius) < 0.5)
        #expect(abs(dutAfter - dutBefore) < 0.5)
        #expect(during.setpointCelsius == before.setpointCelsius)
        await bench.shutDown()
    }
}
