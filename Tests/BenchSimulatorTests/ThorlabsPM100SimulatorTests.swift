import BenchModel
import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

@Suite("Simulated Thorlabs PM100")
struct ThorlabsPM100SimulatorTests {
    /// The simulated station with the N774x meter replaced by a PM100 averaging `averaging` samples.
    static func file(averaging: Int = 10, faults: String = "[]", dead: String = "0") throws -> StationFile {
        try FamilyBench.file(dead: dead, faults: faults, replacing: [
            ("driver: keysight-n774x", "driver: thorlabs-pm100"),
            ("    channels: 4\n    calibration:\n      certificate: CAL-SIM-PM-0001",
             "    averaging: \(averaging)\n    calibration:\n      certificate: CAL-SIM-PM-0001"),
        ])
    }

    @Test("the real driver accepts the console, finds its power sensor and its 400–1100 nm range, sets averaging")
    func identityAndSensor() async throws {
        let bench = try TestBench(try Self.file(averaging: 10))
        let (meter, identity) = try await bench.connectWithEntry(.meter, as: ThorlabsPM100Meter.self)
        #expect(identity.manufacturer == "Thorlabs")
        #expect(identity.model == "PM100D")
        #expect(await meter.wavelengthRangeNanometres == 400...1100)
        #expect(await meter.averageCount == 10)
        #expect(await meter.channelCount() == 1)
        try await meter.setWavelength(450)
        let outside = await #expect(throws: InstrumentError.self) { try await meter.setWavelength(1550) }
        #expect(outside?.kind == .unsupported)
        await meter.disconnect()

        // What the console now holds, asked directly.
        let console = try await LineConversation(bench, .meter)
        #expect(try await console.ask("SENS:AVER:COUN?") == "10")
        #expect(try #require(Double(try await console.ask("SENS:CORR:WAV?"))) == 450)
        #expect(try await console.ask("SENS:POW:UNIT?") == "W")
        #expect(try await console.ask("SYST:SENS:IDN?").hasPrefix("S120C,"))
        try await console.send("SENS:CORR:WAV 1550")
        #expect(try await console.ask("SYST:ERR?").hasPrefix("-222,"))
        try await console.send("SENS:AVER:COUN 0")
        #expect(try await console.ask("SYST:ERR?").hasPrefix("-222,"))
        #expect(try await console.ask("SYST:ERR?") == "0,\"No error\"")
        await console.close()
        await bench.shutDown()
    }

    @Test("its one input reads the lane the switch routes to, about 10 % less at 85 °C, and nothing when dark")
    func readsTheRoutedLane() async throws {
        let bench = try TestBench(try Self.file(dead: "1"))
        let array = bench.station.bench.array
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self)
        let opticalSwitch = try await bench.connect(.switch, as: (any OpticalSwitch).self)
        let supply = try await bench.connect(.supply, as: (any PowerSupply).self)
        let (meter, _) = try await bench.connectWithEntry(.meter, as: ThorlabsPM100Meter.self)
        let drivers = BenchDrivers(
            chamber: chamber, bert: bert, meter: meter, opticalSwitch: opticalSwitch, supply: supply)
        try await meter.setWavelength(450)
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 25)

        func scan() async throws -> [Double] {
            var powers: [Double] = []
            for lane in 0..<16 {
                try await opticalSwitch.route(to: lane + 1)
                try await bench.wait(0.015)
                powers.append(try await meter.readPower(channel: 1))
            }
            return powers
        }
        let cool = try await scan()
        let dut = bench.station.bench.status().dutCelsius
        for lane in 0..<16 {
            if array.lanes[lane].laneClass == .dead {
                #expect(cool[lane] < 3e-9, "dead lane \(lane) reads \(cool[lane]) W")
            } else {
                let expected = array.opticalPower(lane: lane, dutCelsius: dut)
                #expect(abs(cool[lane] / expected - 1) < 0.01, "lane \(lane): \(cool[lane]) W, model \(expected) W")
            }
        }

        try await bench.settle(drivers, at: 85)
        let hot = try await scan()
        for lane in 0..<16 where array.lanes[lane].laneClass == .good {
            let ratio = hot[lane] / cool[lane]
            #expect((0.86...0.96).contains(ratio), "lane \(lane) keeps \(ratio) of its power at 85 °C")
        }
        try await supply.setOutput(false)
        #expect(try await meter.readAllPowers().allSatisfy { $0 < 3e-9 })
        await bench.shutDown(drivers)
    }

    @Test("dropped replies are retried; when every reply is lost the PM100 driver reports a station fault")
    func droppedReplies() async throws {
        let bench = try TestBench(try Self.file(faults: """
            [{ kind: drop-replies, role: meter, probability: 0.3, after_seconds: 10, seconds: 100 },
             { kind: drop-replies, role: meter, probability: 1, after_seconds: 200 }]
            """))
        let (meter, _) = try await bench.connectWithEntry(
            .meter, as: ThorlabsPM100Meter.self, timeout: FaultInjectionTests.timeout)
        try await FaultInjectionTests.expectRetriesThenFault(bench, .meter) { _ = try await meter.readPower(channel: 1) }
        await meter.disconnect()
        await bench.shutDown()
    }

    @Test("a reboot returns the console to watts, one sample and 635 nm")
    func reboot() async throws {
        let bench = try TestBench(try Self.file(faults: "[{ kind: reboot, role: meter, after_seconds: 30 }]"))
        let (meter, _) = try await bench.connectWithEntry(.meter, as: ThorlabsPM100Meter.self)
        try await meter.setWavelength(450)
        await meter.disconnect()
        try await bench.wait(40)
        let console = try await LineConversation(bench, .meter)
        #expect(try await console.ask("SENS:AVER:COUN?") == "1")
        #expect(try #require(Double(try await console.ask("SENS:CORR:WAV?"))) == 635)
        #expect(try await console.ask("*ESR?") == "128", "power-on bit after the reboot")
        await console.close()
        await bench.shutDown()
    }

    @Test("a PM100 must sit on meter channel 1 with one input; every catalog name starts it")
    func configuration() throws {
        let fourInputs = try FamilyBench.file(replacing: [("driver: keysight-n774x", "driver: thorlabs-pm100")])
        try FamilyBench.expectRefusal(fourInputs, .unsupportedConfiguration, role: .meter)
        try FamilyBench.expectServedUnderEveryName(
            "thorlabs-pm100", replacing: "driver: keysight-n774x", role: .meter,
            extra: [("    channels: 4\n    calibration:\n      certificate: CAL-SIM-PM-0001",
                     "    calibration:\n      certificate: CAL-SIM-PM-0001")])
    }
}
