import BenchSimulator
import Foundation
import InstrumentProtocols
import Instruments
import StationConfiguration
import Testing

/// The simulated SourceMeter is the model its driver name asks for: `*IDN?` names it and its current range is its own.
@Suite("Simulated Keithley 2450 family")
struct KeithleySourceMeterSimulatorTests {
    /// The simulated station with its supply replaced by `driver` and the station's current limit set to `amps`.
    static func file(_ driver: String, maxAmps amps: String) throws -> StationFile {
        try FamilyBench.file(replacing: [("driver: keithley-2460", "driver: \(driver)"), ("max_amps: 3.0", "max_amps: \(amps)")])
    }

    @Test("each model answers *IDN? with its number and takes a current limit up to its own rating", arguments: [
        ("keithley-2450", "2450", 1.05), ("keithley-2460", "2460", 7.35), ("keithley-2461", "2461", 7.35),
        ("keithley-2470", "2470", 1.05),
    ])
    func modelAndRange(driver: String, number: String, amps: Double) async throws {
        let bench = try TestBench(try Self.file(driver, maxAmps: "1.0"))
        let (supply, identity) = try await bench.connectWithEntry(.supply, as: Keithley2450Supply.self)
        #expect(identity.model == "MODEL \(number)")
        #expect(supply.driverName == driver)
        #expect(await supply.language == "SCPI")
        await supply.disconnect()

        let raw = try await LineConversation(bench, .supply)
        try await raw.send(":SOUR:VOLT:ILIM \(amps)")
        #expect(try await raw.ask("SYST:ERR?") == "0,\"No error\"")
        #expect(try #require(Double(try await raw.ask(":SOUR:VOLT:ILIM?"))) == amps)
        try await raw.send(":SOUR:VOLT:ILIM 2.5")
        let error = try await raw.ask("SYST:ERR?")
        if amps < 2.5 {
            #expect(error.hasPrefix("-222,"), "a \(number) refuses 2.5 A: \(error)")
        } else {
            #expect(error == "0,\"No error\"")
        }
        try await raw.send(":SOUR:VOLT:ILIM \(amps * 1.01)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-222,"), "beyond the \(number)'s \(amps) A")
        await raw.close()
        await bench.shutDown()
    }

    @Test("the 2460 powers the 416-lane array at the profiles' 2.5 A limit without running into it")
    func powersTheFullArray() async throws {
        let bench = try TestBench(try TestBench.stationFile(lanes: 416))
        let (supply, identity) = try await bench.connectWithEntry(.supply, as: Keithley2450Supply.self)
        #expect(identity.model == "MODEL 2460")
        let bert = try await bench.connect(.bert, as: (any BitErrorRatioTester).self)
        try await bert.configure(pattern: .prbs31, inverted: false, lineRateBitsPerSecond: 4e9)
        try await bert.setOutputs(true)
        try await supply.configure(volts: 1.8, currentLimit: 2.5)
        try await supply.setOutput(true)
        let reading = try await supply.measure()
        #expect(!reading.inCompliance)
        #expect(reading.amps > 1.05, "the array draws \(reading.amps) A, more than a 2450 can source")
        #expect(reading.amps < 2.5)
        await supply.disconnect()
        await bert.disconnect()
        await bench.shutDown()
    }

    @Test("every catalog name of the 2450, 2460, 2461 and 2470 starts the simulator")
    func servedUnderEveryName() throws {
        for driver in ["keithley-2450", "keithley-2460", "keithley-2461", "keithley-2470"] {
            try FamilyBench.expectServedUnderEveryName(
                driver, replacing: "driver: keithley-2460", role: .supply, extra: [("max_amps: 3.0", "max_amps: 1.0")])
        }
    }
}
