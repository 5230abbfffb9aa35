import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// The ASCII chambers have no power-on flag: their drivers read back what the protocol lets them.
@Suite("Restoring lost settings of ASCII chambers")
struct ASCIIChamberRestoreTests {
    @Test("a rebooted Espec P-300 gets its set point, constant mode and purge back")
    func especP300() async throws {
        let bench = try TestBench(try EspecP300SimulatorTests.file(faults: "[{ kind: reboot, role: chamber, after_seconds: 30 }]"))
        let (chamber, _) = try await bench.connectWithEntry(.chamber, as: EspecP300Chamber.self)
        try await chamber.start()
        try await chamber.setSetpoint(60)
        try await chamber.setPurge(true)
        #expect(try await chamber.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        let reason = try SettingsRestoreTests.reason(try await chamber.restoreSettingsIfLost())
        #expect(reason.contains("setpoint 23 °C ≠ 60 °C"))
        #expect(reason.contains("≠ constant"))
        #expect(reason.contains("re-applied: setpoint 60 °C, running, purge on"))
        #expect(try await chamber.readTemperatures().setpointCelsius == 60)
        #expect(bench.station.bench.status().chamberRunning)
        #expect(try await chamber.restoreSettingsIfLost() == .intact)
        await chamber.disconnect()
        await bench.shutDown()
    }

    @Test("a rebooted ThermoStream ATS is taken under remote control again and gets its set point and flow back")
    func thermoStream() async throws {
        let bench = try TestBench(try ThermoStreamATSSimulatorTests.file(faults: "[{ kind: reboot, role: chamber, after_seconds: 30 }]"))
        let (chamber, _) = try await bench.connectWithEntry(.chamber, as: ThermoStreamATS.self)
        try await chamber.setRampRate(10)
        try await chamber.setSetpoint(60)
        try await chamber.start()
        #expect(try await chamber.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        #expect(!bench.station.bench.status().chamberRunning)
        let reason = try SettingsRestoreTests.reason(try await chamber.restoreSettingsIfLost())
        #expect(reason.contains("set point 23 °C ≠ 60 °C"))
        #expect(reason.contains("ramp 10 K/min"))
        #expect(try await chamber.readTemperatures().setpointCelsius == 60)
        #expect(bench.station.bench.status().chamberRunning)
        #expect(try await chamber.restoreSettingsIfLost() == .intact)
        await chamber.disconnect()
        await bench.shutDown()
    }
}
