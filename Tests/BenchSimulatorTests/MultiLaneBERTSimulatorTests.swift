import BenchModel
import BenchSimulator
import Foundation
import Instruments
import PRBS
import StationClock
import StationConfiguration
import StationLinks
import Testing

@Suite("Simulated MultiLane BERT")
struct MultiLaneBERTSimulatorTests {
    /// A four-lane station whose BERT is the MultiLane bridge.
    static func file(weak: String = "0", faults: String = "[]") throws -> StationFile {
        try FamilyBench.file(
            lanes: 4, weak: weak, faults: faults, replacing: [("driver: scpi-bert", "driver: multilane-bert")])
    }

    /// The station's drivers, the BERT being the MultiLane driver.
    static func drivers(_ bench: TestBench) async throws -> (BenchDrivers, MultiLaneBERT) {
        let (bert, identity) = try await bench.connectWithEntry(.bert, as: MultiLaneBERT.self)
        #expect(identity.manufacturer == "multiLane")
        #expect(identity.model == "ML4039")
        let drivers = BenchDrivers(
            chamber: try await bench.connect(.chamber, as: (any ThermalChamber).self), bert: bert,
            meter: try await bench.connect(.meter, as: (any OpticalPowerMeter).self),
            opticalSwitch: try await bench.connect(.switch, as: (any OpticalSwitch).self),
            supply: try await bench.connect(.supply, as: (any PowerSupply).self))
        return (drivers, bert)
    }

    /// Reads the counters until every lane has compared at least `windows` windows. The driver measures window
    /// after window in the background, in real time, while station time stands still.
    static func counters(_ bert: MultiLaneBERT, windows: UInt64) async throws -> [LaneCounters] {
        let bits = await bert.integrationBits
        var counters = try await bert.readCounters()
        for _ in 0..<6000 where !counters.allSatisfy({ $0.comparedBits >= windows * bits }) {
            try await Task.sleep(for: .milliseconds(10))
            counters = try await bert.readCounters()
        }
        return counters
    }

    @Test("the driver's windows count whole integration lengths on locked lanes; good lanes stay clean")
    func windows() async throws {
        let bench = try TestBench(try Self.file())
        let (drivers, bert) = try await Self.drivers(bench)
        #expect(await bert.channelCount() == 4)
        try await bench.powerUp(drivers)
        let bits = await bert.integrationBits
        #expect(bits == 4_000_000_000, "one second at 4 Gb/s, half the reply timeout")
        #expect(bench.station.bench.status().bertLineRate == 4e9)
        try await bench.settle(drivers, at: 25)

        try await bert.startGate()
        let counters = try await Self.counters(bert, windows: 3)
        #expect(counters.count == 4)
        for lane in counters {
            #expect(lane.synchronized, "channel \(lane.channel)")
            #expect(lane.comparedBits >= 3 * bits)
            #expect(lane.comparedBits % bits == 0, "whole windows only")
            #expect(lane.errors == 0)
        }
        try await bert.stopGate()

        // Without light the detectors lose their lock.
        try await drivers.supply.setOutput(false)
        #expect(try await bert.readCounters().allSatisfy { !$0.synchronized })
        await bench.shutDown(drivers)
    }

    @Test("at 125 °C the weak lanes count errors window after window, the good lanes none")
    func weakLanesAtHeat() async throws {
        let bench = try TestBench(try Self.file(weak: "2"))
        let weak = Set(bench.station.bench.array.lanes(ofClass: .weak).map { $0.index + 1 })
        #expect(weak.count == 2)
        let (drivers, bert) = try await Self.drivers(bench)
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 125)
        try await bert.startGate()
        let counters = try await Self.counters(bert, windows: 40)
        for lane in counters {
            #expect(lane.synchronized, "channel \(lane.channel)")
            if weak.contains(lane.channel) {
                #expect(lane.errors > 0, "weak channel \(lane.channel) counted no errors in \(lane.comparedBits) bits")
            } else {
                #expect(lane.errors == 0, "good channel \(lane.channel) counted \(lane.errors) errors")
            }
        }
        await bench.shutDown(drivers)
    }

    @Test("on the wire: patterns must match to lock, DEFER holds them until APPLY, no SYST:ERR, four ratios")
    func bridgeProtocol() async throws {
        let bench = try TestBench(try Self.file())
        let (drivers, bert) = try await Self.drivers(bench)
        try await bench.powerUp(drivers)
        await bert.disconnect()

        let bridge = try await LineConversation(bench, .bert)
        #expect(try await bridge.ask("*IDN?").hasPrefix("multiLane,ML4039,"))
        #expect(try await bridge.ask("RX1:LOCK?") == "1")
        try await bridge.send("RX1:POLY PRBS7")
        #expect(try await bridge.ask("RX1:LOCK?") == "0", "PRBS31 sent, PRBS7 expected")
        try await bridge.send("RX1:POLY AUTO")
        #expect(try await bridge.ask("RX1:LOCK?") == "1", "the detector finds the polynomial itself")
        try await bridge.send("RX1:INVERT 1")
        #expect(try await bridge.ask("RX1:LOCK?") == "0", "inverted detector on a true pattern")
        try await bridge.send("RX1:INVERT 0")

        try await bridge.send("DEFER")
        try await bridge.send("TX2:POLY PRBS9")
        #expect(try await bridge.ask("RX2:LOCK?") == "1", "deferred: still PRBS31")
        try await bridge.send("APPLY")
        #expect(try await bridge.ask("RX2:LOCK?") == "0")
        try await bridge.send("RX2:POLY PRBS9")
        #expect(try await bridge.ask("RX2:LOCK?") == "1")

        try await bridge.send("TX3:ENABLE 0")
        #expect(try await bridge.ask("RX3:LOCK?") == "0", "a dark lane cannot lock")
        #expect(bench.station.bench.status().bertOutputsOn == 3)
        #expect(try await bridge.isUnanswered("SYST:ERR?"))
        #expect(try await bridge.isUnanswered("BOGUS 1"))

        // A short window at a low rate runs through real PRBS bits.
        try await bridge.send("RATE 1000000")
        try await bridge.send("INTEGRATION 1000000")
        #expect(try await bridge.ask("RX1:LOCK?") == "1", "relocked after the rate change")
        let ratios = try await bridge.ask("BER?").split(separator: ",").map(String.init)
        #expect(ratios == ["0.000000e+00", "0.000000e+00", "5.000000e-01", "0.000000e+00"])
        await bridge.close()
        await bench.shutDown(drivers)
    }

    @Test("on the wall clock BER? answers when its window has run")
    func windowTakesTime() async throws {
        let file = try Self.file()
        let station = try SimulatedStation.start(station: file, clock: WallClock())
        defer { station.stop() }
        guard case .tcpSocket(_, let host, let port) = try #require(station.resources[.bert]) else { return }
        let link = try await TCPLink.connect(host: host, port: port, timeout: .seconds(2))
        try await link.write(Array("RATE 100000000\nINTEGRATION 25000000\n".utf8), timeout: .seconds(1))
        let start = ContinuousClock.now
        try await link.write(Array("BER?\n".utf8), timeout: .seconds(1))
        let reply = try await link.read(until: 0x0A, maxCount: 256, timeout: .seconds(5))
        let elapsed = ContinuousClock.now - start
        #expect(String(decoding: reply, as: UTF8.self).split(separator: ",").count == 4)
        #expect(
            elapsed >= .milliseconds(240), "a 25 000 000-bit window at 100 Mb/s lasts 250 ms, answered after \(elapsed)")
        await link.close()
    }

    @Test("the driver derives lockLost: a lane seen locked that reads unlocked at a window's start lost its lock")
    func lockLostIsDerived() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: lose-sync, role: bert, lanes: [1], after_seconds: 30, seconds: 100 }]"))
        let (drivers, bert) = try await Self.drivers(bench)
        try await bench.powerUp(drivers)
        try await bert.startGate()
        let before = try await Self.counters(bert, windows: 1)
        #expect(before.allSatisfy { $0.synchronized && !$0.lockLost })
        try await bert.stopGate()
        try await bench.wait(40)
        try await bert.startGate()
        let bits = await bert.integrationBits
        var counters = try await bert.readCounters()
        for _ in 0..<3000 where counters[0].comparedBits < 2 * bits {
            try await Task.sleep(for: .milliseconds(10))
            counters = try await bert.readCounters()
        }
        #expect(!counters[1].synchronized && counters[1].lockLost && counters[1].comparedBits == 0)
        #expect([0, 2, 3].allSatisfy { counters[$0].synchronized && !counters[$0].lockLost })
        try await bert.stopGate()
        await drivers.disconnect()
        await bench.shutDown()
    }

    @Test("the bridge cannot report a reboot: outside a gate the driver re-sends its settings and answers intact")
    func settingsAreResent() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: reboot, role: bert, after_seconds: 30 }]"))
        let (drivers, bert) = try await Self.drivers(bench)
        try await bench.powerUp(drivers)
        try await bench.wait(40)
        #expect(bench.station.bench.status().bertLineRate == 10.3125e9, "back at the bridge's power-on rate")
        #expect(try await bert.restoreSettingsIfLost() == .intact)
        #expect(bench.station.bench.status().bertLineRate == 4e9)
        try await bert.startGate()
        #expect(try await Self.counters(bert, windows: 1).allSatisfy { $0.synchronized })
        #expect(try await bert.restoreSettingsIfLost() == .intact, "nothing is sent while the gate counts")
        try await bert.stopGate()
        await drivers.disconnect()
        await bench.shutDown()
    }

    @Test("garbled replies are retried; when every reply is garbled the MultiLane driver reports a station fault")
    func garbledReplies() async throws {
        let bench = try TestBench(try Self.file(faults: """
            [{ kind: garble-replies, role: bert, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: garble-replies, role: bert, probability: 1, after_seconds: 200 }]
            """))
        let (bert, _) = try await bench.connectWithEntry(
            .bert, as: MultiLaneBERT.self, timeout: FaultInjectionTests.timeout)
        try await FaultInjectionTests.expectRetriesThenFault(bench, .bert) { _ = try await bert.readCounters() }
        await bert.disconnect()
        await bench.shutDown()
    }

    @Test("an ML4039 has four lanes: more channels are refused; every catalog name starts the simulator")
    func configuration() throws {
        let sixteen = try FamilyBench.file(lanes: 16, replacing: [("driver: scpi-bert", "driver: multilane-bert")])
        try FamilyBench.expectRefusal(sixteen, .unsupportedConfiguration, role: .bert)
        try FamilyBench.expectServedUnderEveryName("multilane-bert", replacing: "driver: scpi-bert", role: .bert)
    }
}
