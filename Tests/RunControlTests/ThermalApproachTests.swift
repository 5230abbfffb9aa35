import Foundation
import Qualification
import RunControl
import RunStore
import Testing

/// How the sequencer brings a lagging DUT to temperature on the simulated bench (DUT time constant 60 s):
/// DUT control leads the air past the target within the station's overshoot and chamber limits, never lets the
/// DUT itself leave the band once in it, and arrives sooner than holding the air at the target.
@Suite("Ramps and soaks on whole simulated runs")
struct ThermalApproachTests {
    /// One step's chamber readings and timing.
    struct StepTrace {
        var target: Double
        var seconds: Double
        var setpoints: [Double] = []
        /// Setpoint readings from the first BER counters on (while measuring).
        var measuringSetpoints: [Double] = []
        /// DUT readings in time order, with their times.
        var dut: [(time: Date, celsius: Double)] = []
        /// When the step's first BERT counters were read (the soak is over by then).
        var firstCounters: Date?
    }

    /// Quick check at 25 °C, then 85 °C and 125 °C (the top is 5 K under the station's 130 °C limit).
    func profile(_ run: SimulatedRun) throws -> String {
        try run.profile("profiles/quick-check.yaml", [("  - point: 25\n", "  - point: 25\n  - point: 85\n  - point: 125\n")])
    }

    func traces(_ outcome: RunOutcome) throws -> [StepTrace] {
        let store = try RunStore.open(at: outcome.directory.storePath)
        var traces: [Int: StepTrace] = [:]
        for step in try store.steps() {
            guard let target = step.setpointCelsius, let start = step.startedAt, let end = step.endedAt else { continue }
            traces[step.index] = StepTrace(target: target, seconds: end.timeIntervalSince(start))
        }
        try store.forEachMeasurement { reading in
            switch reading.quantity {
            case "chamber_setpoint":
                traces[reading.stepIndex]?.setpoints.append(reading.value)
                if traces[reading.stepIndex]?.firstCounters != nil {
                    traces[reading.stepIndex]?.measuringSetpoints.append(reading.value)
                }
            case "dut_temperature": traces[reading.stepIndex]?.dut.append((reading.time, reading.value))
            case "ber_compared_bits" where traces[reading.stepIndex]?.firstCounters == nil:
                traces[reading.stepIndex]?.firstCounters = reading.time
            default: break
            }
        }
        return traces.keys.sorted().compactMap { traces[$0] }
    }

    @Test("DUT control keeps the air within the overshoot and the chamber limits, and the DUT within the band")
    func dutControlStaysWithinLimits() async throws {
        let run = try SimulatedRun()
        let outcome = try await run.run(station: try run.station([]), profile: try profile(run))
        #expect(outcome.verdict == .pass)
        let steps = try traces(outcome)
        #expect(steps.map(\.target) == [25, 85, 125])
        for step in steps {
            let highest = try #require(step.setpoints.max())
            #expect(highest <= min(130, step.target + 10) + 0.05, "step to \(step.target) °C set the air to \(highest) °C")
            #expect(highest > step.target + 1, "the air was never led past \(step.target) °C")
            // Once the DUT is in the ±1 K band it stays there: no overshoot restarts the soak.
            let entered = try #require(step.dut.firstIndex { abs($0.celsius - step.target) <= 1 })
            let after = step.dut[entered...].map(\.celsius)
            #expect(after.allSatisfy { abs($0 - step.target) <= 1 }, "DUT left the band at \(step.target) °C: \(after)")
            // The soak still holds the DUT in the band for the 60 s stability window before the gate counts.
            let gate = try #require(step.firstCounters)
            #expect(gate.timeIntervalSince(step.dut[entered].time) >= 60)
            // While measuring, the air is back on the target, so the DUT settles on it and not beside it.
            #expect(!step.measuringSetpoints.isEmpty)
            #expect(step.measuringSetpoints.allSatisfy { abs($0 - step.target) < 0.05 }, "\(step.measuringSetpoints)")
        }
        #expect(steps[2].setpoints.allSatisfy { $0 <= 130 }, "the 125 °C step went beyond the station's 130 °C limit")
    }

    @Test("a chamber that ramps by itself (ThermoStream, DUT sensor) is led the same way, within its limits")
    func dutControlOnARampingChamber() async throws {
        let run = try SimulatedRun()
        let station = try run.station([
            (
                "    driver: watlow-f4\n    resource: sim\n    serial: { baud: 19200, data_bits: 8, parity: none, stop_bits: 1 }\n    modbus_address: 1\n    dut_input: true\n",
                "    driver: thermostream-ats\n    resource: sim\n"
            )
        ])
        let outcome = try await run.run(station: station, profile: try profile(run))
        #expect(outcome.verdict == .pass)
        let steps = try traces(outcome)
        #expect(steps.map(\.target) == [25, 85, 125])
        for step in steps {
            let highest = try #require(step.setpoints.max())
            #expect(highest <= min(130, step.target + 10) + 0.05, "step to \(step.target) °C set the air to \(highest) °C")
            #expect(highest > step.target + 1, "the air was never led past \(step.target) °C")
            let entered = try #require(step.dut.firstIndex { abs($0.celsius - step.target) <= 1 })
            #expect(step.dut[entered...].allSatisfy { abs($0.celsius - step.target) <= 1 })
            #expect(step.measuringSetpoints.allSatisfy { abs($0 - step.target) < 0.05 }, "\(step.measuringSetpoints)")
        }
    }

    @Test("a chamber that cannot reach the setpoint is a station fault: INCOMPLETE after the soak's maximum, never FAIL")
    func unreachableSetpointIsAStationFault() async throws {
        let run = try SimulatedRun()
        let station = try run.station([
            ("faults: []", "faults:\n    - { kind: unreachable-setpoint, role: chamber, limit_celsius: 60 }")
        ])
        let outcome = try await run.run(station: station, profile: try profile(run))
        #expect(outcome.verdict == .incomplete)
        #expect(outcome.assessment.reasons.contains { $0.contains("did not settle") && $0.contains("85 °C") })
        let steps = try traces(outcome)
        // The 25 °C step completed; the 85 °C soak gave up only after its 1800 s maximum past the air's arrival.
        #expect(steps.map(\.target) == [25])
        let events = try SimulatedRun.events(outcome)
        #expect(events.contains { $0.message.contains("safe state") && $0.message.contains("supply off") })
        let hot = try #require(try RunStore.open(at: outcome.directory.storePath).steps().first { $0.index == 1 }?.startedAt)
        let fault = try #require(events.first { $0.kind == "fault" }?.time)
        // 60 K at 10 K/min is 360 s for the air, then the 1800 s maximum; read every 10 s.
        #expect(fault.timeIntervalSince(hot) >= 360 + 1800)
        #expect(fault.timeIntervalSince(hot) <= 360 + 1800 + 30)
    }

    @Test("leading the air brings the DUT to temperature sooner than holding the air at the target")
    func dutControlIsFaster() async throws {
        let run = try SimulatedRun()
        let led = try traces(try await run.run(station: try run.station([]), profile: try profile(run)))
        let held = try traces(
            try await run.run(
                station: try run.station([("max_air_overshoot_kelvin: 10", "max_air_overshoot_kelvin: 0")]),
                profile: try profile(run)))
        for (fast, slow) in zip(led.dropFirst(), held.dropFirst()) {
            #expect(slow.setpoints.allSatisfy { $0 <= slow.target + 1e-9 }, "without overshoot the air went past the target")
            // A 60 s DUT lag behind a 10 K/min ramp costs about 140 s held, about 60 s led.
            #expect(fast.seconds + 40 < slow.seconds, "step to \(fast.target) °C: \(fast.seconds) s led, \(slow.seconds) s held")
        }
    }
}
