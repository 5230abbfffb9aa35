import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Injected faults")
struct FaultInjectionTests {
    static let timeout = Duration.milliseconds(200)

    static func bench(_ faults: String) throws -> TestBench {
        try TestBench(try TestBench.stationFile(lanes: 16, dead: "0", weak: "0", faults: faults))
    }

    /// Runs `read` (it must succeed) until the intermittent fault has caused a retry, then once more after the
    /// persistent fault began (it must fail with a station fault); checks the driver's events along the way.
    static func expectRetriesThenFault(
        _ bench: TestBench, _ role: InstrumentRole, read: () async throws -> Void
    ) async throws {
        try await bench.wait(10)
        for _ in 0..<40 where bench.events.count(.retry, role: role) == 0 {
            try await read()
        }
        #expect(bench.events.count(.retry, role: role) > 0, "the intermittent fault caused retries")
        #expect(bench.events.count(.fault, role: role) == 0)
        try await bench.wait(200)
        let error = await #expect(throws: InstrumentError.self) { try await read() }
        #expect(error?.kind == .stationFault)
        #expect(bench.events.count(.fault, role: role) == 1)
    }

    @Test("dropped replies are retried; when every reply is lost the meter driver reports a station fault")
    func droppedReplies() async throws {
        let bench = try Self.bench("""
            [{ kind: drop-replies, role: meter, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: drop-replies, role: meter, probability: 1, after_seconds: 200 }]
            """)
        let meter = try await bench.connect(.meter, as: (any OpticalPowerMeter).self, timeout: Self.timeout)
        try await Self.expectRetriesThenFault(bench, .meter) { _ = try await meter.readPower(channel: 1) }
        await bench.shutDown()
    }

    @Test("replies delayed past the timeout are retried after a resynchronisation, and every answer is its own")
    func delayedReplies() async throws {
        let bench = try Self.bench("""
            [{ kind: delay-replies, role: supply, probability: 0.1, milliseconds: 2000, after_seconds: 10, seconds: 100 }]
            """)
        // Delays (2 s) longer than one timeout (1.5 s) and shorter than two: the reply to the first attempt
        // arrives while the session resynchronises.
        let supply = try await bench.connect(
            .supply, as: (any PowerSupply).self, timeout: .milliseconds(1500), retries: 6)
        try await supply.configure(volts: 1.8, currentLimit: 2.5)
        try await supply.setOutput(true)
        try await bench.wait(10)
        for _ in 0..<40 where bench.events.count(.retry, role: .supply) < 2 {
            // The set voltage reads back as itself: a late reply to another query would not.
            #expect(abs(try await supply.measure().volts - 1.8) < 0.05)
        }
        #expect(bench.events.count(.retry, role: .supply) > 0, "the delays caused retries")
        let resynchronised = bench.events.all.filter { $0.kind == .info && $0.message.contains("resynchronised") }
        // The late reply is either read and dropped up to the sentinel or discarded before it, depending on when
        // it arrives; either way the session resynchronised and every answer above was its own.
        #expect(!resynchronised.isEmpty)
        #expect(bench.events.count(.fault, role: .supply) == 0)
        #expect(try await supply.restoreSettingsIfLost() == .intact)
        await bench.shutDown()
    }

    @Test("garbled replies are retried; when every reply is garbled the supply driver reports a station fault")
    func garbledReplies() async throws {
        let bench = try Self.bench("""
            [{ kind: garble-replies, role: supply, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: garble-replies, role: supply, probability: 1, after_seconds: 200 }]
            """)
        let supply = try await bench.connect(.supply, as: (any PowerSupply).self, timeout: Self.timeout)
        try await Self.expectRetriesThenFault(bench, .supply) { _ = try await supply.measure() }
        await bench.shutDown()
    }

    @Test("a garbled counter block is retried, and a persistently garbled one is a station fault")
    func garbledBlocks() async throws {
        let bench = try Self.bench("""
            [{ kind: garble-replies, role: bert, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: garble-replies, role: bert, probability: 1, after_seconds: 200 }]
            """)
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self, timeout: Self.timeout)
        try await Self.expectRetriesThenFault(bench, .bert) { _ = try await bert.readCounters() }
        await bench.shutDown()
    }

    @Test("Modbus CRC errors are retried; persistent CRC errors make the chamber a station fault")
    func crcErrors() async throws {
        let bench = try Self.bench("""
            [{ kind: crc-errors, role: chamber, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: crc-errors, role: chamber, probability: 1, after_seconds: 200 }]
            """)
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self, timeout: Self.timeout)
        try await Self.expectRetriesThenFault(bench, .chamber) { _ = try await chamber.readTemperatures() }
        await bench.shutDown()
    }

    @Test("a silent instrument fails after the driver's retries, and answers again when the silence ends")
    func silence() async throws {
        let bench = try Self.bench("[{ kind: silence, role: bert, after_seconds: 10, seconds: 100 }]")
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self, timeout: Self.timeout, retries: 2)
        _ = try await bert.readCounters()
        try await bench.wait(10)
        let error = await #expect(throws: InstrumentError.self) { _ = try await bert.readCounters() }
        #expect(error?.kind == .stationFault)
        #expect(bench.events.count(.retry, role: .bert) == 2)
        try await bench.wait(100)
        #expect(try await bert.readCounters().count == 16)
        await bench.shutDown()
    }

    @Test("a reboot returns the instruments to their power-on state")
    func reboot() async throws {
        let bench = try Self.bench("""
            [{ kind: reboot, role: supply, after_seconds: 30 }, { kind: reboot, role: bert, after_seconds: 30 },
             { kind: reboot, role: chamber, after_seconds: 30 }]
            """)
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.chamber.start()
        try await drivers.chamber.setSetpoint(60)
        try await drivers.bert.startGate()
        _ = try await drivers.bert.readCounters()
        try await bench.wait(20)
        #expect(try await drivers.supply.measure().outputOn)
        #expect(try await drivers.bert.readCounters().allSatisfy { $0.synchronized && $0.comparedBits > 0 })
        try await bench.wait(20)
        let supply = try await drivers.supply.measure()
        #expect(!supply.outputOn)
        #expect(try await drivers.bert.readCounters().allSatisfy { !$0.synchronized && $0.comparedBits == 0 })
        #expect(try await drivers.chamber.readTemperatures().setpointCelsius == 23)
        let status = bench.station.bench.status()
        #expect(!status.chamberRunning)
        #expect(status.bertOutputsOn == 0)
        await bench.shutDown(drivers)
    }

    @Test("a chamber alarm shows in the driver's alarms and stops temperature control")
    func chamberAlarm() async throws {
        let bench = try Self.bench("[{ kind: chamber-alarm, role: chamber, after_seconds: 300 }]")
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        try await chamber.start()
        try await chamber.setSetpoint(85)
        try await bench.wait(290)
        #expect(try await chamber.alarms().isEmpty)
        let before = try await chamber.readTemperatures().airCelsius
        #expect(before > 84)
        try await bench.wait(310)
        #expect(try await chamber.alarms() == ["limit alarm (digital input 1)"])
        #expect(try await chamber.readTemperatures().airCelsius < before - 10)
        await bench.shutDown()
    }

    @Test("an unreachable setpoint leaves the air at the limit the chamber can reach")
    func unreachableSetpoint() async throws {
        let bench = try Self.bench("[{ kind: unreachable-setpoint, role: chamber, limit_celsius: 60 }]")
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        try await chamber.start()
        try await chamber.setSetpoint(85)
        try await bench.wait(1200)
        let reading = try await chamber.readTemperatures()
        #expect(reading.setpointCelsius == 85)
        #expect(abs(reading.airCelsius - 60) < 0.3)
        await bench.shutDown()
    }

    @Test("an over-current DUT drives the supply into its current limit; the lanes go dark and lose sync")
    func overCurrent() async throws {
        let bench = try Self.bench("[{ kind: over-current, role: supply, after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        // 16 lanes draw about 0.24 A; the fault triples it, beyond a 0.5 A limit.
        try await drivers.supply.configure(volts: 1.8, currentLimit: 0.5)
        try await drivers.bert.startGate()
        let normal = try await drivers.supply.measure()
        #expect(!normal.inCompliance)
        try await bench.wait(40)
        let faulty = try await drivers.supply.measure()
        #expect(faulty.inCompliance)
        #expect(abs(faulty.amps - 0.5) < 0.01)
        #expect(faulty.volts < 1.8)
        #expect(try await drivers.bert.readCounters().allSatisfy { !$0.synchronized })
        try await drivers.opticalSwitch.route(to: 1)
        #expect(try await drivers.meter.readPower(channel: 1) < 3e-9)
        await bench.shutDown(drivers)
    }
}
