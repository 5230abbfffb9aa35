import BenchSimulator
import Foundation
import Instruments
import StationConfiguration
import Testing

/// Instruments rebooted mid-session come back in their power-on state; the real drivers find that
/// (`*ESR?` power-on bit, read-back) and re-apply their settings.
@Suite("Restoring lost settings")
struct SettingsRestoreTests {
    static func bench(_ faults: String, replacing extra: [(String, String)] = []) throws -> TestBench {
        try TestBench(try TestBench.stationFile(lanes: 16, dead: "0", weak: "0", faults: faults, replacing: extra))
    }

    /// The reason of a restored check; fails the test when the check found the settings intact.
    static func reason(_ check: SettingsCheck) throws -> String {
        guard case .restored(let reason) = check else {
            Issue.record("expected lost settings to be restored, got \(check)")
            return ""
        }
        return reason
    }

    @Test("a rebooted N774x meter reads dBm, which the driver refuses as watts, until its unit and wavelength are restored")
    func meter() async throws {
        let bench = try Self.bench("[{ kind: reboot, role: meter, after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.meter.setWavelength(450)
        try await drivers.opticalSwitch.route(to: 1)
        #expect(try await drivers.meter.restoreSettingsIfLost() == .intact)
        try await bench.wait(10)
        let before = try await drivers.meter.readPower(channel: 1)
        #expect(before > 1e-6)
        try await bench.wait(30)
        // The power-on unit is dBm: −13 dBm comes back as −13, which the driver refuses as a power in W (a caller
        // taking it for watts would see −120 dBm after clamping, a dark lane).
        let error = try await #require(throws: InstrumentError.self) { try await drivers.meter.readPower(channel: 1) }
        #expect(error.kind == .deviceError && error.message.contains("reading dBm"))
        await #expect(throws: InstrumentError.self) { try await drivers.meter.readAllPowers() }
        let reason = try Self.reason(try await drivers.meter.restoreSettingsIfLost())
        #expect(reason.contains("power-on status bit set: the meter rebooted"))
        #expect(reason.contains("channel 1 unit dBm ≠ W"))
        #expect(reason.contains("channel 1 wavelength 1550 nm ≠ 450 nm"))
        #expect(reason.contains("re-applied: unit W, wavelength 450 nm"))
        let after = try await drivers.meter.readPower(channel: 1)
        #expect(abs(after / before - 1) < 0.02)
        let all = try await drivers.meter.readAllPowers()
        #expect(all.allSatisfy { $0 >= 0 })
        #expect(try await drivers.meter.restoreSettingsIfLost() == .intact)
        await bench.shutDown(drivers)
    }

    @Test("a rebooted BERT gets its pattern, rate and outputs back and its gate restarted")
    func bert() async throws {
        let bench = try Self.bench("[{ kind: reboot, role: bert, after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers, pattern: .prbs15)
        try await drivers.bert.startGate()
        try await bench.wait(10)
        #expect(try await drivers.bert.restoreSettingsIfLost() == .intact)
        try await bench.wait(30)
        #expect(try await drivers.bert.readCounters().allSatisfy { !$0.synchronized })
        let reason = try Self.reason(try await drivers.bert.restoreSettingsIfLost())
        #expect(reason.contains("power-on status bit set: the BERT rebooted"))
        #expect(reason.contains("SOUR1 pattern PRBS31 ≠ PRBS15"))
        #expect(reason.contains("outputs off ≠ on"))
        #expect(reason.contains("gate stopped ≠ counting"))
        #expect(reason.contains("gate restarted"))
        try await bench.wait(10)
        let counters = try await drivers.bert.readCounters()
        #expect(counters.allSatisfy { $0.synchronized && !$0.lockLost && $0.comparedBits > 0 })
        #expect(try await drivers.bert.restoreSettingsIfLost() == .intact)
        await bench.shutDown(drivers)
    }

    @Test("a rebooted switch is routed again to the output it had")
    func opticalSwitch() async throws {
        let bench = try Self.bench("[{ kind: reboot, role: switch, after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.opticalSwitch.route(to: 7)
        #expect(try await drivers.opticalSwitch.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        let reason = try Self.reason(try await drivers.opticalSwitch.restoreSettingsIfLost())
        #expect(reason.contains("power-on status bit set: the switch rebooted"))
        #expect(reason.contains("route output 1 ≠ output 7"))
        #expect(bench.station.bench.status().switchChannel == 7)
        #expect(try await drivers.opticalSwitch.restoreSettingsIfLost() == .intact)
        await bench.shutDown(drivers)
    }

    @Test(
        "a rebooted N7731C or JDSU SB is found by reading its route back and is routed again to the output it had",
        arguments: [
            ("keysight-n7731c", "route output 1 ≠ output 7", "re-applied: route A to output 7"),
            ("jdsu-sb", "closed channel 1 ≠ 7", "re-applied: CLOSE 7"),
        ])
    func realOpticalSwitch(driver: String, finding: String, reapplied: String) async throws {
        let bench = try Self.bench(
            "[{ kind: reboot, role: switch, after_seconds: 30 }]", replacing: [("driver: scpi-switch", "driver: \(driver)")])
        let drivers = try await bench.connectAll()
        #expect(drivers.opticalSwitch.driverName == driver)
        try await bench.powerUp(drivers)
        try await drivers.opticalSwitch.route(to: 7)
        #expect(try await drivers.opticalSwitch.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        let reason = try Self.reason(try await drivers.opticalSwitch.restoreSettingsIfLost())
        #expect(reason.contains(finding), "\(reason)")
        #expect(reason.contains(reapplied), "\(reason)")
        #expect(bench.station.bench.status().switchChannel == 7)
        #expect(try await drivers.opticalSwitch.restoreSettingsIfLost() == .intact)
        await bench.shutDown(drivers)
    }

    @Test("a rebooted Keithley supply gets its level, limit and output back")
    func supply() async throws {
        let bench = try Self.bench("[{ kind: reboot, role: supply, after_seconds: 30 }]")
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        #expect(try await drivers.supply.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        #expect(try await drivers.supply.measure().outputOn == false)
        let reason = try Self.reason(try await drivers.supply.restoreSettingsIfLost())
        #expect(reason.contains("power-on status bit set: the supply rebooted"))
        #expect(reason.contains("voltage 0 V ≠ 1.8 V"))
        #expect(reason.contains("output off ≠ on"))
        let reading = try await drivers.supply.measure()
        #expect(reading.outputOn)
        #expect(abs(reading.volts - 1.8) < 0.01)
        #expect(reading.amps > 0.01)
        #expect(try await drivers.supply.restoreSettingsIfLost() == .intact)
        await bench.shutDown(drivers)
    }

    @Test("a Watlow F4 that lost its setpoint and run state gets them back (no power-on flag on Modbus)")
    func chamber() async throws {
        let bench = try Self.bench("[{ kind: reboot, role: chamber, after_seconds: 30 }]")
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        try await chamber.start()
        try await chamber.setSetpoint(60)
        #expect(try await chamber.restoreSettingsIfLost() == .intact)
        try await bench.wait(40)
        let reason = try Self.reason(try await chamber.restoreSettingsIfLost())
        #expect(reason.contains("setpoint 23 °C ≠ 60 °C"))
        #expect(reason.contains("control stopped ≠ running"))
        #expect(try await chamber.readTemperatures().setpointCelsius == 60)
        #expect(bench.station.bench.status().chamberRunning)
        await bench.shutDown()
    }

    @Test("a rebooted PM100 and E36312A are restored as well")
    func alternativeFamilies() async throws {
        let bench = try Self.bench(
            "[{ kind: reboot, role: meter, after_seconds: 30 }, { kind: reboot, role: supply, after_seconds: 30 }]",
            replacing: [
                ("driver: keysight-n774x", "driver: thorlabs-pm100"),
                ("    channels: 4\n    calibration:\n      certificate: CAL-SIM-PM-0001",
                 "    calibration:\n      certificate: CAL-SIM-PM-0001"),
                ("driver: keithley-2460", "driver: keysight-e36312a\n    output: 1"),
            ])
        let drivers = try await bench.connectAll()
        try await bench.powerUp(drivers)
        try await drivers.meter.setWavelength(450)
        try await drivers.opticalSwitch.route(to: 2)
        #expect(try await drivers.meter.restoreSettingsIfLost() == .intact)
        #expect(try await drivers.supply.restoreSettingsIfLost() == .intact)
        let before = try await drivers.meter.readPower(channel: 1)
        try await bench.wait(40)
        let meterReason = try Self.reason(try await drivers.meter.restoreSettingsIfLost())
        #expect(meterReason.contains("power-on status bit set: the meter rebooted"))
        #expect(meterReason.contains("wavelength 635 nm ≠ 450 nm"))
        let supplyReason = try Self.reason(try await drivers.supply.restoreSettingsIfLost())
        #expect(supplyReason.contains("output 1 off ≠ on"))
        #expect(try await drivers.supply.measure().outputOn)
        let after = try await drivers.meter.readPower(channel: 1)
        #expect(abs(after / before - 1) < 0.02)
        await bench.shutDown(drivers)
    }
}
