import BenchSimulator
import Foundation
import StationConfiguration
import Testing

/// Every simulated SCPI instrument answers `*ESR?` with the IEEE 488.2 power-on bit (PON, 128) when it starts
/// and again after a reboot, and comes back with its power-on settings.
@Suite("Power-on status on the wire")
struct PowerOnStatusTests {
    static let reboots = """
        [{ kind: reboot, role: bert, after_seconds: 30 }, { kind: reboot, role: switch, after_seconds: 30 },
         { kind: reboot, role: meter, after_seconds: 30 }, { kind: reboot, role: supply, after_seconds: 30 }]
        """

    /// Asks `*ESR?` of every SCPI role at start, after reading it once, and after the reboots.
    static func expectPowerOnBit(_ bench: TestBench) async throws {
        for role in [InstrumentRole.bert, .switch, .meter, .supply] {
            let instrument = try await SCPIProtocolTests.Conversation(bench, role)
            #expect(try await instrument.ask("*ESR?") == "128", "\(role) at power-on")
            #expect(try await instrument.ask("*ESR?") == "0", "\(role): reading clears it")
            await instrument.link.close()
        }
        try await bench.wait(40)
        for role in [InstrumentRole.bert, .switch, .meter, .supply] {
            let instrument = try await SCPIProtocolTests.Conversation(bench, role)
            #expect(try await instrument.ask("*ESR?") == "128", "\(role) after its reboot")
            await instrument.link.close()
        }
    }

    @Test("the SCPI BERT, switch, N774x meter and Keithley set PON at power-on and after a reboot")
    func defaultFamilies() async throws {
        let bench = try TestBench(try TestBench.stationFile(faults: Self.reboots))
        try await Self.expectPowerOnBit(bench)
        let meter = try await SCPIProtocolTests.Conversation(bench, .meter)
        #expect(try await meter.ask("SENS:POW:UNIT:ALL:CSV?") == "0,0,0,0,\u{0}", "back in its power-on unit")
        #expect(try await meter.ask("SENS1:POW:WAV?") == "1.550000E-06")
        await meter.link.close()
        bench.station.stop()
    }

    @Test("the PM100 and E36312A set PON at power-on and after a reboot")
    func alternativeFamilies() async throws {
        let bench = try TestBench(try FamilyBench.file(faults: Self.reboots, replacing: [
            ("driver: keysight-n774x", "driver: thorlabs-pm100"),
            ("    channels: 4\n    calibration:\n      certificate: CAL-SIM-PM-0001",
             "    calibration:\n      certificate: CAL-SIM-PM-0001"),
            ("driver: keithley-2460", "driver: keysight-e36312a\n    output: 1"),
        ]))
        try await Self.expectPowerOnBit(bench)
        bench.station.stop()
    }
}
