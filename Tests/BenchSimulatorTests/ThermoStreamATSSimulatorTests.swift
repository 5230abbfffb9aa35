import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Simulated ThermoStream ATS")
struct ThermoStreamATSSimulatorTests {
    /// The simulated station with the Watlow replaced by a ThermoStream ATS.
    static func file(faults: String = "[]") throws -> StationFile {
        try FamilyBench.file(faults: faults, replacing: [
            ("driver: watlow-f4", "driver: thermostream-ats"),
            ("    serial: { baud: 19200, data_bits: 8, parity: none, stop_bits: 1 }\n    modbus_address: 1\n", ""),
        ])
    }

    @Test("the real driver takes remote control in DUT mode; the stream follows the set point at its ramp rate")
    func followsTheSetpoint() async throws {
        let bench = try TestBench(try Self.file())
        let (stream, identity) = try await bench.connectWithEntry(.chamber, as: ThermoStreamATS.self)
        #expect(identity.manufacturer == "TEMPTRONIC")
        #expect(identity.model.contains("ATS"))
        #expect(await stream.controlsDUT, "the DUT thermocouple reads, so the ATS runs in DUT mode")
        #expect(stream.supportsRampRate)
        let initial = try await stream.readTemperatures()
        #expect(abs(initial.airCelsius - 23) < 0.3)
        #expect(initial.dutCelsius != nil)

        try await stream.start()
        // Commands are not acknowledged: a query makes sure they took effect before looking at the bench.
        _ = try await stream.readTemperatures()
        #expect(bench.station.bench.status().chamberRunning)
        try await stream.setRampRate(6)
        try await stream.setSetpoint(60)
        try await bench.wait(60)
        let minute = try await stream.readTemperatures()
        #expect(minute.setpointCelsius == 60)
        #expect(abs(minute.airCelsius - 29) < 0.3, "6 K/min from 23 °C: \(minute.airCelsius) °C after a minute")
        try await bench.wait(900)
        let hot = try await stream.readTemperatures()
        #expect(abs(hot.airCelsius - 60) < 0.3)
        #expect(abs(try #require(hot.dutCelsius) - 60) < 0.3)

        // The cold set point is another of the Operator screen's three, with the ramp rate sent again.
        try await stream.setSetpoint(-10)
        try await bench.wait(60)
        let cooling = try await stream.readTemperatures()
        #expect(cooling.setpointCelsius == -10)
        #expect(abs(cooling.airCelsius - 54) < 0.3)

        try await stream.stop()
        _ = try await stream.readTemperatures()
        #expect(!bench.station.bench.status().chamberRunning)
        #expect(try await stream.alarms().isEmpty)
        await stream.disconnect()
        await bench.shutDown()
    }

    @Test("on the wire: only queries answer, the air limits bound SETP, the three set points are kept apart")
    func streamProtocol() async throws {
        let bench = try TestBench(try Self.file())
        let ats = try await LineConversation(bench, .chamber)
        #expect(try await ats.ask("*IDN?").hasPrefix("TEMPTRONIC,ATS-545,"))
        #expect(try await ats.ask("WHAT?") == "10", "an ATS-545 answers 10 on the Operator screen")
        #expect(try await ats.isUnanswered("SETN 0"))
        #expect(try await ats.ask("SETP?") == "85.0")
        try await ats.send("ULIM 50")
        try await ats.send("SETP 100")
        #expect(try await ats.ask("SETP?") == "85.0", "a set point above ULIM is ignored")
        try await ats.send("SETP 45")
        #expect(try await ats.ask("SETP?") == "45.0")
        try await ats.send("SETN 2")
        #expect(try await ats.ask("SETP?") == "-20.0")
        try await ats.send("SETN 0")
        #expect(try await ats.ask("SETP?") == "45.0")
        #expect(bench.station.bench.status().setpointCelsius == 45)
        #expect(try await ats.ask("TECR?") == "2", "not at temperature while the flow is off")
        #expect(try await ats.ask("EROR?") == "0")
        try await ats.send("DSNS 0")
        #expect(try await ats.ask("TMPD?") == "999.9", "no DUT sensor: an invalid reading")
        try await ats.send("DUTM 1")
        #expect(try await ats.ask("EROR?") == String(1 << 14), "DUT mode without a DUT sensor")
        #expect(try await ats.isUnanswered("BOGUS?"))
        await ats.close()
        await bench.shutDown()
    }

    @Test("the chamber's limit alarm is the ATS's overheat bit")
    func alarm() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: chamber-alarm, role: chamber, after_seconds: 100 }]"))
        let (stream, _) = try await bench.connectWithEntry(.chamber, as: ThermoStreamATS.self)
        try await stream.start()
        try await stream.setSetpoint(85)
        #expect(try await stream.alarms().isEmpty)
        try await bench.wait(120)
        #expect(try await stream.alarms() == ["overheat"])
        await stream.disconnect()
        await bench.shutDown()
    }

    @Test("dropped replies are retried; when every reply is lost the ATS driver reports a station fault")
    func droppedReplies() async throws {
        let bench = try TestBench(try Self.file(faults: """
            [{ kind: drop-replies, role: chamber, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: drop-replies, role: chamber, probability: 1, after_seconds: 200 }]
            """))
        let (stream, _) = try await bench.connectWithEntry(
            .chamber, as: ThermoStreamATS.self, timeout: FaultInjectionTests.timeout)
        try await FaultInjectionTests.expectRetriesThenFault(bench, .chamber) { _ = try await stream.readTemperatures() }
        await stream.disconnect()
        await bench.shutDown()
    }

    @Test("a reboot stops the flow and returns to the ambient set point; every catalog name starts the simulator")
    func rebootAndNames() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: reboot, role: chamber, after_seconds: 30 }]"))
        let (stream, _) = try await bench.connectWithEntry(.chamber, as: ThermoStreamATS.self)
        try await stream.start()
        try await stream.setSetpoint(60)
        try await bench.wait(40)
        #expect(!bench.station.bench.status().chamberRunning)
        #expect(try await stream.readTemperatures().setpointCelsius == 23)
        await stream.disconnect()
        await bench.shutDown()
        try FamilyBench.expectServedUnderEveryName("thermostream-ats", replacing: "driver: watlow-f4", role: .chamber)
    }
}

/// The ThermoStream's dead man (`TTIM`, `dead_man_seconds:`) against its simulator: armed at start, re-armed by
/// every reading, and when the readings stop the stream stops regulating by itself.
@Suite("Simulated ThermoStream dead man")
struct ThermoStreamDeadManTests {
    @Test("readings keep the stream running; when they stop it stops regulating by itself after dead_man_seconds")
    func streamStopsWhenTheControllerDies() async throws {
        let file = try ThermoStreamATSSimulatorTests.file()
        #expect(file.instrument(.chamber)?.deadManSeconds == 900, "the station file's default")
        // A live controller reads every 90 s, inside the 120 s: the stream keeps regulating for ten minutes.
        try await TestBench(file).expectDeadManStopsTheChamber(deadManSeconds: 120, stopsAfter: 120, reads: 7, every: 90)
    }

    @Test("dead_man_seconds: 0 arms nothing: the stream holds its set point after the readings stop")
    func disabledDeadMan() async throws {
        let bench = try TestBench(try ThermoStreamATSSimulatorTests.file())
        let (instrument, _) = try await InstrumentFactory.connect(try bench.configuration(.chamber), events: { _ in })
        let stream = try #require(instrument as? ThermoStreamATS)
        #expect(stream.deadManSeconds == 0)
        try await stream.start()
        _ = try await stream.readTemperatures()
        try await bench.wait(3600)
        #expect(bench.station.bench.status().chamberRunning)
        await stream.disconnect()
        await bench.shutDown()
    }
}
