import BenchModel
import BenchSimulator
import Foundation
import InstrumentProtocols
import Instruments
import StationConfiguration
import Testing

@Suite("Simulated Keysight E36312A")
struct KeysightE36312ASimulatorTests {
    /// The simulated station with the Keithley replaced by an E36312A powering the DUT from `output`.
    static func file(output: Int = 1, faults: String = "[]") throws -> StationFile {
        try FamilyBench.file(faults: faults, replacing: [
            ("driver: keithley-2460", "driver: keysight-e36312a\n    output: \(output)"),
            // Outputs 2 and 3 are rated 1 A: validate refuses the station's 3 A limit for them.
            ("max_amps: 3.0", output == 1 ? "max_amps: 3.0" : "max_amps: 1.0"),
        ])
    }

    @Test("the DUT hangs on the configured output: output 2 powers it, outputs 1 and 3 carry no load")
    func dutOnConfiguredOutput() async throws {
        let bench = try TestBench(try Self.file(output: 2))
        let (supply, identity) = try await bench.connectWithEntry(.supply, as: KeysightE36312ASupply.self)
        #expect(identity.model == "E36312A")
        #expect(identity.manufacturer.contains("Keysight"))
        #expect(supply.channel == 2)
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self)
        try await bert.configure(pattern: .prbs31, inverted: false, lineRateBitsPerSecond: 4e9)
        try await bert.setOutputs(true)

        #expect(!(try await supply.measure().outputOn))
        // Output 2 is rated 25 V / 1 A, so the station may allow it at most 1 A (validate refuses more), and the
        // driver refuses a 2.5 A limit against that before sending anything.
        let beyond = await #expect(throws: SafetyLimitError.self) {
            try await supply.configure(volts: 1.8, currentLimit: 2.5)
        }
        #expect(beyond?.quantity == "current limit")
        try await supply.configure(volts: 1.8, currentLimit: 0.8)
        try await supply.setOutput(true)
        let reading = try await supply.measure()
        let status = bench.station.bench.status()
        #expect(reading.outputOn)
        #expect(!reading.inCompliance)
        #expect(abs(reading.volts - 1.8) < 0.001)
        #expect(status.dutPowered)
        #expect(abs(reading.amps - status.supplyAmps) < 0.001)
        #expect((0.1...0.5).contains(reading.amps), "16 driven lanes draw \(reading.amps) A")
        await supply.disconnect()
        await bert.disconnect()

        let raw = try await LineConversation(bench, .supply)
        #expect(try await raw.ask("OUTP? (@1:3)") == "0,1,0")
        #expect(try #require(Double(try await raw.ask("VOLT? (@2)"))) == 1.8)
        #expect(try #require(Double(try await raw.ask("MEAS:CURR? (@1)"))) == 0)
        #expect(try await raw.ask("STAT:QUES:INST:ISUM2:COND?") == "2", "constant voltage")
        try await raw.send("VOLT 3,(@1);:OUTP ON,(@1)")
        #expect(try #require(Double(try await raw.ask("MEAS:VOLT? (@1)"))) == 3)
        #expect(try #require(Double(try await raw.ask("MEAS:CURR? (@1)"))) == 0)
        // Each output's programming range is its rating plus 3 %.
        try await raw.send("VOLT 6.5,(@1)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-222,"))
        try await raw.send("VOLT 20,(@3)")
        #expect(try await raw.ask("SYST:ERR?") == "0,\"No error\"")
        try await raw.send("CURR 1.2,(@2)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-222,"))
        try await raw.send("OUTP ON,(@4)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-222,"))
        await raw.close()
        await bench.shutDown()
    }

    @Test("supply current follows the array model: more when hot, in compliance (ISUM bit 0) below the draw")
    func currentFollowsTheDUT() async throws {
        let bench = try TestBench(try Self.file(output: 1))
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self)
        let opticalSwitch = try await bench.connect(.switch, as: (any OpticalSwitch).self)
        let meter = try await bench.connect(.meter, as: (any OpticalPowerMeter).self)
        let (supply, _) = try await bench.connectWithEntry(.supply, as: KeysightE36312ASupply.self)
        let drivers = BenchDrivers(
            chamber: chamber, bert: bert, meter: meter, opticalSwitch: opticalSwitch, supply: supply)
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 25)
        let cool = try await supply.measure()
        #expect(cool.outputOn && !cool.inCompliance)
        let dut = bench.station.bench.status().dutCelsius
        let model = bench.station.bench.array.supplyCurrent(
            dutCelsius: dut, drivenLanes: 16, lineRateGbps: 4, voltage: 1.8)
        #expect(abs(cool.amps / model - 1) < 0.01, "\(cool.amps) A measured, \(model) A in the model")

        try await bench.settle(drivers, at: 105)
        let hot = try await supply.measure()
        #expect(hot.amps > cool.amps * 1.1)

        try await supply.configure(volts: 1.8, currentLimit: 0.05)
        let limited = try await supply.measure()
        #expect(limited.inCompliance)
        #expect(abs(limited.amps - 0.05) < 0.001)
        #expect(limited.volts < 1.0)
        #expect(!bench.station.bench.status().dutPowered)

        try await supply.goToSafeState()
        #expect(!(try await supply.measure().outputOn))
        await bench.shutDown(drivers)
    }

    @Test("garbled replies are retried; when every reply is garbled the E36312A driver reports a station fault")
    func garbledReplies() async throws {
        let bench = try TestBench(try Self.file(faults: """
            [{ kind: garble-replies, role: supply, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: garble-replies, role: supply, probability: 1, after_seconds: 200 }]
            """))
        let (supply, _) = try await bench.connectWithEntry(
            .supply, as: KeysightE36312ASupply.self, timeout: FaultInjectionTests.timeout)
        try await FaultInjectionTests.expectRetriesThenFault(bench, .supply) { _ = try await supply.measure() }
        await supply.disconnect()
        await bench.shutDown()
    }

    @Test("a reboot switches every output off and restores the rated current limits")
    func reboot() async throws {
        let bench = try TestBench(try Self.file(output: 1, faults: "[{ kind: reboot, role: supply, after_seconds: 30 }]"))
        let (supply, _) = try await bench.connectWithEntry(.supply, as: KeysightE36312ASupply.self)
        try await supply.configure(volts: 1.8, currentLimit: 2.5)
        try await supply.setOutput(true)
        #expect(try await supply.measure().outputOn)
        try await bench.wait(40)
        #expect(!(try await supply.measure().outputOn))
        await supply.disconnect()
        let raw = try await LineConversation(bench, .supply)
        #expect(try await raw.ask("CURR? (@1,2,3)") == "5.000000E+00,1.000000E+00,1.000000E+00")
        #expect(try await raw.ask("VOLT? (@1)") == "0.000000E+00")
        await raw.close()
        await bench.shutDown()
    }

    @Test("outputs beyond 3 are refused at start; every catalog name starts the simulator")
    func configuration() throws {
        try FamilyBench.expectRefusal(try Self.file(output: 4), .unsupportedConfiguration, role: .supply)
        try FamilyBench.expectServedUnderEveryName("keysight-e36312a", replacing: "driver: keithley-2460", role: .supply)
    }
}
