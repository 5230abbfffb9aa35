import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Simulated Espec P-300")
struct EspecP300SimulatorTests {
    /// The simulated station with the Watlow replaced by an Espec P-300 whose relay 4 drives the purge.
    static func file(busAddress: Int? = nil, faults: String = "[]") throws -> StationFile {
        let address = busAddress.map { "\n    bus_address: \($0)" } ?? ""
        return try FamilyBench.file(faults: faults, replacing: [
            ("driver: watlow-f4", "driver: espec-p300"),
            ("    modbus_address: 1\n", "    purge_relay: 4\(address)\n"),
        ])
    }

    @Test("the real driver finds a P-300 with the product sensor; the chamber follows the set point")
    func followsTheSetpoint() async throws {
        let bench = try TestBench(try Self.file())
        let (chamber, identity) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        #expect(identity.model == "P-300")
        #expect(identity.firmware.hasPrefix("P3"))
        #expect(chamber.supportsRampRate == false)
        let initial = try await chamber.readTemperatures()
        #expect(abs(initial.airCelsius - 23) < 0.3)
        #expect(initial.dutCelsius != nil, "MON PTC? answers, so the DUT is read")

        try await chamber.start()
        #expect(bench.station.bench.status().chamberRunning)
        try await chamber.setSetpoint(85)
        try await bench.wait(60)
        let minute = try await chamber.readTemperatures()
        #expect(minute.setpointCelsius == 85)
        // 15 K/min rated ramp: 23 → 38 °C in a minute; the DUT (τ = 60 s) lags behind.
        #expect(abs(minute.airCelsius - 38) < 0.3)
        #expect((27.5...29.5).contains(try #require(minute.dutCelsius)))
        try await bench.wait(900)
        let settled = try await chamber.readTemperatures()
        #expect(abs(settled.airCelsius - 85) < 0.3)
        #expect(abs(try #require(settled.dutCelsius) - 85) < 0.3)

        try await chamber.setPurge(true)
        try await chamber.stop()
        #expect(!bench.station.bench.status().chamberRunning)
        try await bench.wait(600)
        #expect(try await chamber.readTemperatures().airCelsius < 70)
        #expect(try await chamber.alarms().isEmpty)
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("on the line: OK and NA replies, limits, OFF needs POWER,ON before CONSTANT, then the driver starts it")
    func controllerProtocol() async throws {
        let bench = try TestBench(try Self.file())
        let line = try await LineConversation(bench, .chamber, terminator: "\r\n")
        #expect(try await line.ask("ROM?").hasPrefix("P3"))
        #expect(try await line.ask("MODE?") == "STANDBY")
        #expect(try await line.ask("TEMP, S40.0") == "OK: TEMP, S40.0")
        let status = try await line.ask("TEMP?").split(separator: ",")
        #expect(status.count == 4)
        #expect(status.dropFirst().map(String.init) == ["40.0", "180.0", "-70.0"])
        #expect(try await line.ask("TEMP, S200.0") == "NA:DATA OUT OF RANGE")
        #expect(try await line.ask("TEMP, S30.0 H35.0 L-10.0") == "OK: TEMP, S30.0 H35.0 L-10.0")
        #expect(try await line.ask("TEMP, S40.0") == "NA:DATA OUT OF RANGE", "above the new high limit")
        #expect(try await line.ask("TEMP, SX") == "NA:PARA ERR")
        #expect(try await line.ask("FROB?") == "NA:CMD ERR")
        #expect(try await line.ask("MODE,RUN3") == "NA:DATA NOT READY")
        #expect(try await line.ask("RELAY,ON,13") == "NA:DATA OUT OF RANGE")
        #expect(try await line.ask("MODE,OFF") == "OK: MODE,OFF")
        #expect(try await line.ask("MODE,CONSTANT") == "NA:CHB NOT READY")
        #expect(try await line.ask("MON?").hasSuffix(",,OFF,0"))
        await line.close()

        let (chamber, _) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        try await chamber.start()
        #expect(bench.station.bench.status().chamberRunning)
        #expect(bench.station.bench.status().setpointCelsius == 30)
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("on RS-485 the controller answers only lines carrying its address")
    func busAddress() async throws {
        let bench = try TestBench(try Self.file(busAddress: 2))
        let line = try await LineConversation(bench, .chamber, terminator: "\r\n")
        #expect(try await line.isUnanswered("ROM?"))
        #expect(try await line.isUnanswered("1,ROM?"))
        #expect(try await line.ask("2,ROM?").hasPrefix("P3"))
        await line.close()
        let (chamber, identity) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        #expect(chamber.address == 2)
        #expect(identity.model == "P-300")
        _ = try await chamber.readTemperatures()
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("the chamber's limit alarm shows in ALARM? and stops temperature control")
    func alarm() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: chamber-alarm, role: chamber, after_seconds: 300 }]"))
        let (chamber, _) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        try await chamber.start()
        try await chamber.setSetpoint(85)
        try await bench.wait(290)
        #expect(try await chamber.alarms().isEmpty)
        let before = try await chamber.readTemperatures().airCelsius
        try await bench.wait(310)
        #expect(try await chamber.alarms() == ["Espec alarm code 3"])
        #expect(try await chamber.readTemperatures().airCelsius < before - 10)
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("garbled replies are retried; when every reply is garbled the P-300 driver reports a station fault")
    func garbledReplies() async throws {
        let bench = try TestBench(try Self.file(faults: """
            [{ kind: garble-replies, role: chamber, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: garble-replies, role: chamber, probability: 1, after_seconds: 200 }]
            """))
        let (chamber, _) = try await bench.connectWithEntry(
            .chamber, as: EspecP300Chamber.self, timeout: FaultInjectionTests.timeout)
        try await FaultInjectionTests.expectRetriesThenFault(bench, .chamber) { _ = try await chamber.readTemperatures() }
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("a reboot stops the chamber at the ambient set point; CRC faults are refused for it")
    func rebootAndFaultKinds() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: reboot, role: chamber, after_seconds: 30 }]"))
        let (chamber, _) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        try await chamber.start()
        try await chamber.setSetpoint(60)
        try await bench.wait(40)
        let reading = try await chamber.readTemperatures()
        #expect(reading.setpointCelsius == 23)
        #expect(!bench.station.bench.status().chamberRunning)
        await chamber.disconnect()
        await bench.shutDown()

        let crc = try Self.file(faults: "[{ kind: crc-errors, role: chamber, probability: 0.5 }]")
        try FamilyBench.expectRefusal(crc, .faultNotApplicable, role: .chamber)
        try FamilyBench.expectServedUnderEveryName(
            "espec-p300", replacing: "driver: watlow-f4", role: .chamber,
            extra: [("    modbus_address: 1\n", "")])
    }
}

/// The P-300's dead man (its quick timer, `dead_man_seconds:`) against its simulator: armed at start, re-armed by
/// every reading, and when the readings stop the chamber goes to standby by itself.
@Suite("Simulated Espec P-300 dead man")
struct EspecP300DeadManTests {
    @Test("readings keep the P-300 running; when they stop its quick timer puts it in standby by itself")
    func chamberStopsWhenTheControllerDies() async throws {
        // 90 s is rounded up to the timer's whole minutes: standby 2 minutes after the last reading.
        try await TestBench(try EspecP300SimulatorTests.file())
            .expectDeadManStopsTheChamber(deadManSeconds: 90, stopsAfter: 120, reads: 6, every: 100)
    }

    @Test("the quick timer on the wire: written in h:m with STANDBY, started by TIMER,ON,0, refused before it is written")
    func quickTimerLines() async throws {
        let bench = try TestBench(try EspecP300SimulatorTests.file())
        let line = try await LineConversation(bench, .chamber, terminator: "\r\n")
        #expect(try await line.ask("TIMER,ON,0") == "NA:DATA NOT READY")
        #expect(try await line.ask("TIMER WRITE,NO0,0:2,STANDBY").hasPrefix("OK:"))
        #expect(try await line.ask("TIMER WRITE,NO0,0:2,CONSTANT") == "NA:PARA ERR")
        #expect(try await line.ask("MODE,CONSTANT").hasPrefix("OK:"))
        #expect(try await line.ask("TIMER,ON,0").hasPrefix("OK:"))
        try await bench.wait(121)
        #expect(try await line.ask("MODE?") == "STANDBY")
        await line.close()
        bench.station.stop()
    }
}
