import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// The Keysight N7731C and JDSU SB simulators serve their own command sets to the real drivers, and the light of
/// the routed lane reaches the meter as through the `scpi-switch` simulator.
@Suite("Simulated Keysight N7731C and JDSU SB switches")
struct RealSwitchSimulatorTests {
    static let families = ["keysight-n7731c", "jdsu-sb"]

    @Test("through each real switch family the meter reads the routed lane's own power", arguments: families)
    func meterReadsTheRoutedLane(driver: String) async throws {
        let bench = try TestBench(try TestBench.stationFile(
            lanes: 8, dead: "0", weak: "0", replacing: [("driver: scpi-switch", "driver: \(driver)")]))
        let array = bench.station.bench.array
        let drivers = try await bench.connectAll()
        #expect(drivers.opticalSwitch.driverName == driver)
        #expect(await drivers.opticalSwitch.channelCount() == 8)
        try await bench.powerUp(drivers)
        try await bench.settle(drivers, at: 25)
        let dut = bench.station.bench.status().dutCelsius
        for lane in [5, 0, 7] {
            try await drivers.opticalSwitch.route(to: lane + 1)
            try await bench.wait(0.015)
            let power = try await drivers.meter.readPower(channel: 1)
            let expected = array.opticalPower(lane: lane, dutCelsius: dut)
            #expect(abs(power / expected - 1) < 0.01, "\(driver) lane \(lane): \(power) W, model \(expected) W")
        }
        #expect(try await drivers.opticalSwitch.restoreSettingsIfLost() == .intact)
        await #expect(throws: InstrumentError.self) { try await drivers.opticalSwitch.route(to: 9) }
        await bench.shutDown(drivers)
    }

    @Test("the JDSU SB simulator takes CR-ended commands on its pseudo-terminal and answers CLOSE? with the channel")
    func jdsuSpeaksItsLines() async throws {
        let bench = try TestBench(try TestBench.stationFile(
            lanes: 4, replacing: [("driver: scpi-switch", "driver: jdsu-sb")]))
        guard case .serial = try #require(bench.station.resources[.switch]) else {
            Issue.record("the SB is an RS-232 instrument, served on a pseudo-terminal")
            return
        }
        let line = try await LineConversation(bench, .switch, terminator: "\r")
        #expect(try await line.ask("IDN?").hasPrefix("JDSU SB4B5-C2FP SN"))
        try await line.send("CLOSE 3")
        #expect(try await line.ask("OPC?") == "1")
        #expect(try await line.ask("CLOSE?") == "3")
        try await line.send("RESET")
        #expect(try await line.ask("CLOSE?") == "0")
        try await line.send("CLOSE 5")
        #expect(try await line.ask("CLOSE?") == "0", "a channel the switch lacks is ignored")
        await line.close()
        bench.station.stop()
    }

    @Test("the N7731C simulator answers its route and port configuration in the 8163 guide's formats")
    func keysightSpeaksRoutes() async throws {
        let bench = try TestBench(try TestBench.stationFile(
            lanes: 4, replacing: [("driver: scpi-switch", "driver: keysight-n7731c")]))
        let line = try await LineConversation(bench, .switch)
        #expect(try await line.ask("*IDN?").hasPrefix("Keysight Technologies,N7731C,MY"))
        #expect(try await line.ask(":ROUT1:CHAN1:CONF?") == "A,A;1,4")
        try await line.send(":ROUT1:CHAN1 A,2")
        #expect(try await line.ask(":ROUT1:CHAN1?") == "A,2")
        #expect(try await line.ask("rout1?") == "A,2", "the CHANnel node is optional")
        try await line.send(":ROUT1:CHAN1 A,9")
        #expect(try await line.ask("SYST:ERR?").hasPrefix("-222"))
        try await line.send(":ROUT2:CHAN1 A,1")
        #expect(try await line.ask("SYST:ERR?").hasPrefix("-114"))
        #expect(try await line.ask(":ROUT1:CHAN1?") == "A,2")
        await line.close()
        bench.station.stop()
    }
}
