import BenchModel
import BenchSimulator
import Foundation
import Instruments
import PRBS
import StationConfiguration
import Testing

@Suite("Simulated BERT")
struct BERTSimulatorTests {
    /// The BERT driver over a session the test can also send raw commands through.
    static func bertWithSession(_ bench: TestBench) async throws -> (SCPIBERT, SCPISession) {
        let configuration = try bench.configuration(.bert)
        let link = try await InstrumentFactory.openLink(configuration)
        let session = SCPISession(
            link: link, role: "bert", driver: "scpi-bert", policy: RetryPolicy(retries: 1, timeout: .seconds(2)),
            events: { _ in })
        let bert = SCPIBERT(role: "bert", session: session)
        _ = try await bert.connect()
        return (bert, session)
    }

    @Test("matching patterns sync every lit lane; a pattern or polarity mismatch syncs none")
    func syncNeedsMatchingPatterns() async throws {
        let bench = try TestBench(try TestBench.stationFile(lanes: 16, dead: "1", weak: "2"))
        let dead = Set(bench.station.bench.array.lanes(ofClass: .dead).map { $0.index + 1 })
        let supply = try await bench.connect(.supply, as: (any PowerSupply).self)
        let (bert, session) = try await Self.bertWithSession(bench)
        try await supply.configure(volts: 1.8, currentLimit: 2.5)
        try await supply.setOutput(true)
        try await bert.configure(pattern: .prbs31, inverted: false, lineRateBitsPerSecond: 4e9)
        try await bert.setOutputs(true)

        try await bert.startGate()
        let matched = try await bert.readCounters()
        #expect(matched.count == 16)
        for lane in matched {
            #expect(lane.synchronized == !dead.contains(lane.channel), "channel \(lane.channel)")
        }

        try await session.configure("SENS:PATT:ALL PRBS23")
        try await bert.startGate()
        #expect(try await bert.readCounters().allSatisfy { !$0.synchronized })

        try await session.configure("SENS:PATT:ALL PRBS31;:SENS:PATT:INV:ALL 1")
        try await bert.startGate()
        #expect(try await bert.readCounters().allSatisfy { !$0.synchronized })

        try await session.configure("SENS:PATT:INV:ALL 0")
        try await bert.resynchronize(channel: 3)
        let restored = try await bert.readCounters()
        #expect(restored.filter(\.synchronized).count == 16 - dead.count)

        // One lane's transmitter on another pattern loses only that lane.
        try await session.configure("SOUR5:PATT PRBS7")
        #expect(try await session.query("SOUR5:PATT?") == "PRBS7")
        let one = try await bert.readCounters()
        #expect(one[4].synchronized == false)
        #expect(one.filter(\.synchronized).count == 15 - dead.count)

        // No light, no sync.
        try await supply.setOutput(false)
        #expect(try await bert.readCounters().allSatisfy { !$0.synchronized })
        await bert.disconnect()
        await supply.disconnect()
        await bench.shutDown()
    }

    @Test("counters grow with the gate at the line rate; weak lanes count errors at 125 °C, good lanes none")
    func countersAndWeakLanes() async throws {
        let bench = try TestBench(try TestBench.stationFile(lanes: 16, dead: "0", weak: "2"))
        let weak = Set(bench.station.bench.array.lanes(ofClass: .weak).map { $0.index + 1 })
        #expect(weak.count == 2)
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 25)

        try await drivers.bert.startGate()
        // GATE:STAR has no reply: a query makes sure it took effect before station time moves on.
        _ = try await drivers.bert.readCounters()
        try await bench.wait(10)
        let coolGate = try await drivers.bert.readCounters()
        #expect(coolGate.allSatisfy { $0.synchronized && $0.errors == 0 && $0.comparedBits == 40_000_000_000 })

        try await bench.settle(drivers, at: 125)
        try await drivers.bert.startGate()
        var previous = try await drivers.bert.readCounters()
        #expect(previous.allSatisfy { $0.comparedBits == 0 && $0.errors == 0 })
        for poll in 1...3 {
            try await bench.wait(10)
            let counters = try await drivers.bert.readCounters()
            for (now, before) in zip(counters, previous) {
                #expect(now.comparedBits == UInt64(poll) * 40_000_000_000, "channel \(now.channel)")
                #expect(now.errors >= before.errors)
                #expect(now.synchronized)
            }
            previous = counters
        }
        for lane in previous {
            if weak.contains(lane.channel) {
                #expect(lane.errors > 0, "weak channel \(lane.channel) counted no errors at 125 °C")
            } else {
                #expect(lane.errors == 0, "good channel \(lane.channel) counted \(lane.errors) errors")
            }
        }
        try await drivers.bert.stopGate()
        _ = try await drivers.bert.readCounters()
        try await bench.wait(10)
        let stopped = try await drivers.bert.readCounters()
        #expect(zip(stopped, previous).allSatisfy { $0.comparedBits == $1.comparedBits && $0.errors >= $1.errors })
        await bench.shutDown(drivers)
    }

    @Test("a short gate at a low line rate counts exactly line rate × gated time, and good lanes stay clean")
    func shortGate() async throws {
        let bench = try TestBench(try TestBench.stationFile(lanes: 16, dead: "0", weak: "0"))
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.bert.configure(pattern: .prbs15, inverted: true, lineRateBitsPerSecond: 1e6)
        try await drivers.bert.startGate()
        _ = try await drivers.bert.readCounters()
        for second in 1...4 {
            try await bench.wait(1)
            let counters = try await drivers.bert.readCounters()
            #expect(counters.allSatisfy { $0.comparedBits == UInt64(second) * 1_000_000 && $0.synchronized && $0.errors == 0 })
        }
        await bench.shutDown(drivers)
    }
}
