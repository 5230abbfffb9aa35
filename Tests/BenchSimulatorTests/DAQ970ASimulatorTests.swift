import BenchSimulator
import Foundation
import InstrumentProtocols
import Instruments
import StationConfiguration
import Testing

/// The simulated Keysight DAQ970A of the batch station, driven by the real driver over loopback TCP: each socket's
/// channel follows that socket's DUT through its own thermal lag, a channel on no socket reads the air, and a reboot
/// that loses the scan list is found and repaired.
@Suite("Simulated Keysight DAQ970A thermocouple reader")
struct DAQ970ASimulatorTests {
    @Test("channels 102–104 read S2–S4's DUTs through their own lags (70, 80, 90 s); channel 101 reads the air")
    func channelsFollowTheirSocketsDUTs() async throws {
        let bench = try TestBench(try BatchBoardTests.batchStation())
        let (reader, identity) = try await bench.connectWithEntry(.thermocouples, as: KeysightDAQ970A.self)
        #expect(identity.model == "DAQ970A")
        #expect(identity.manufacturer.contains("Keysight"))
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        try await chamber.start()
        try await chamber.setSetpoint(85)
        try await bench.wait(150)
        let heating = try await reader.readTemperatures(channels: [104, 102, 103, 101])
        let air = try await chamber.readTemperatures().airCelsius
        let s2 = try #require(heating[102]), s3 = try #require(heating[103]), s4 = try #require(heating[104])
        // While the air ramps, a DUT lags it by about slope × time constant: 0.25 K/s × 10 s more per socket.
        #expect(s2 > s3 + 1 && s3 > s4 + 1, "S2 \(s2), S3 \(s3), S4 \(s4) °C")
        #expect(air > s2 + 5, "the air (\(air) °C) leads every DUT")
        #expect(abs(try #require(heating[101]) - air) < 0.5, "channel 101 is on no socket: it reads the air")
        try await bench.wait(1200)
        let settled = try await reader.readTemperatures(channels: [102, 103, 104])
        for channel in [102, 103, 104] {
            #expect(abs(try #require(settled[channel]) - 85) < 0.5, "channel \(channel) settled at \(settled[channel] ?? .nan) °C")
        }
        #expect(try await reader.restoreSettingsIfLost() == .intact)
        await reader.disconnect()
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("a reboot loses the scan list: restoreSettingsIfLost finds it (power-on bit, ROUT:SCAN:SIZE?) and configures it again")
    func rebootedScanListIsRestored() async throws {
        let file = try BatchBoardTests.batchStation(faults: "[{ kind: reboot, role: thermocouples, after_seconds: 30 }]")
        let bench = try TestBench(file)
        let (reader, _) = try await bench.connectWithEntry(.thermocouples, as: KeysightDAQ970A.self)
        #expect(try await reader.readTemperatures(channels: [102, 103]).count == 2)
        #expect(try await reader.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        // Rebooted: the power-on bit is set and the scan list is empty (a READ? now would fail, -221).
        guard case .restored(let reason) = try await reader.restoreSettingsIfLost() else {
            Issue.record("a reboot that lost the scan list went unnoticed")
            return
        }
        #expect(reason.contains("power-on status bit set"), "\(reason)")
        #expect(reason.contains("scan list"), "\(reason)")
        #expect(try await reader.readTemperatures(channels: [102, 103]).count == 2)
        #expect(try await reader.restoreSettingsIfLost() == .intact)
        await reader.disconnect()
        await bench.shutDown()
    }

    @Test("the SCPI subset refuses what a DAQ970A refuses: a channel beyond the module, READ? without a scan list, an unknown type")
    func refusals() async throws {
        let bench = try TestBench(try BatchBoardTests.batchStation())
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        let ambient = try await chamber.readTemperatures().airCelsius
        await chamber.disconnect()
        let raw = try await LineConversation(bench, .thermocouples)
        try await raw.send("CONF:TEMP TC,K,(@121)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-222,"))
        try await raw.send("CONF:TEMP TC,Q,(@101)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-224,"))
        try await raw.send("ROUT:SCAN (@105)")
        #expect(try await raw.ask("SYST:ERR?").hasPrefix("-221,"))
        let measured = try #require(Double(try await raw.ask("MEAS:TEMP? TC,K,(@102)")))
        #expect(abs(measured - ambient) < 0.5, "a DUT at ambient (\(ambient) °C) reads \(measured) °C")
        try await raw.send("UNIT:TEMP K,(@102)")
        let kelvin = try #require(Double(try await raw.ask("READ?")))
        #expect(abs(kelvin - (ambient + 273.15)) < 0.5, "\(kelvin) K")
        await raw.close()
        await bench.shutDown()
    }
}
