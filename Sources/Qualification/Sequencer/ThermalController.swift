import Foundation
import Instruments
import StationClock
import StationConfiguration

/// Moves the chamber to a setpoint as fast as the station allows and soaks until the DUT is stable.
///
/// Chambers that take a ramp rate get the station's maximum (or the condensation guard's slow rate); others are
/// ramped in software by stepping the setpoint along the allowed slope. A soak ends when the DUT temperature has
/// stayed within the band for the stability window, not after a fixed dwell; a soak that does not settle within
/// its maximum is a station fault.
///
/// When the station allows an air overshoot (`limits.chamber.max_air_overshoot_kelvin`) and the chamber reads a
/// DUT thermocouple, the approach uses DUT control: the air setpoint is the target plus ``dutControlGain`` times the
/// DUT's remaining error, clamped to the overshoot and the chamber limits, still moved no faster than the ramp
/// limit. The air leads a lagging DUT in and settles back on the target as the DUT arrives, which roughly halves
/// the time a DUT with a one-minute lag spends creeping into the band. Once the DUT has settled, the setpoint
/// returns to the target for the measurement.
struct ThermalController {
    let station: ConnectedStation
    let clock: any StationClock
    let recorder: RunRecorder
    let supervisor: SafetySupervisor
    let report: @Sendable (String, Double?, Double?) -> Void
    /// The other sockets of a batch, each reading its own thermocouple through its own station view and recording
    /// into its own run: every reading here takes theirs too, and a soak ends only when every one of them has
    /// settled as well.
    var companions: [ThermalController] = []
    /// Whether a reading also checks the interlocks (a companion leaves that to the controller it accompanies).
    var checksInterlocks = true
    /// Whose DUT this controller reads, for a soak that does not settle (`socket S4` in a batch); nil for one DUT.
    var label: String?

    /// Temperature readings are taken this often while soaking, station seconds.
    static let soakPoll = 10.0
    /// Software ramps step the setpoint this often, station seconds.
    static let rampStep = 30.0
    /// DUT control: kelvin of air offset per kelvin the DUT still has to go.
    static let dutControlGain = 2.0
    /// How often, station seconds, the chamber is asked whether it still holds its settings (a controller that
    /// rebooted to its defaults would otherwise leave the soak waiting for a temperature nobody commands).
    static let settingsCheckInterval = 60.0

    /// When the chamber's settings were last checked.
    private let settingsChecked = SettingsCheckTime()

    /// Reads and records air and DUT temperatures, and every companion's; checks interlocks. Returns this
    /// controller's reading.
    @discardableResult
    func sample() async throws -> ChamberReading {
        try await sampleAll()[0]
    }

    /// Reads and records this controller's temperatures and then every companion's (each its own socket's); returns
    /// them in that order.
    func sampleAll() async throws -> [ChamberReading] {
        var readings = [try await sampleOwn()]
        for companion in companions { readings.append(try await companion.sampleOwn()) }
        return readings
    }

    /// Reads and records air and DUT temperatures; checks interlocks.
    private func sampleOwn() async throws -> ChamberReading {
        let reading = try await station.chamber.readTemperatures()
        var readings = [
            RunRecorder.Reading(quantity: "air_temperature", value: reading.airCelsius, unit: "degC", instrument: "chamber"),
            RunRecorder.Reading(quantity: "chamber_setpoint", value: reading.setpointCelsius, unit: "degC", instrument: "chamber"),
        ]
        if let dut = reading.dutCelsius {
            let instrument = (station.chamber as? SocketChamber)?.dutInstrument ?? "chamber"
            readings.append(RunRecorder.Reading(quantity: "dut_temperature", value: dut, unit: "degC", instrument: instrument))
        }
        try recorder.record(readings)
        report("", reading.airCelsius, reading.dutCelsius)
        if checksInterlocks { try await supervisor.checkInterlocks() }
        if settingsChecked.isDue(at: clock.now, every: Self.settingsCheckInterval),
            case .restored(let reason) = try await station.chamber.restoreSettingsIfLost()
        {
            recorder.event("deviation", "the chamber had lost its settings (\(reason)); settings restored")
        }
        return reading
    }

    /// Ramps to `target` at `rate` K/min (capped by the station), then soaks by `rule`.
    func reach(_ target: Double, rule: SoakRule, rate requestedRate: Double?) async throws {
        let limits = station.chamber.limits
        let rate = min(requestedRate ?? limits.maximumRampKelvinPerMinute, limits.maximumRampKelvinPerMinute)
        let first = try await sampleAll()
        var reading = first[0]
        let overshoot = station.file.limits.maximumAirOvershootKelvin
        if overshoot > 0, reading.dutCelsius != nil {
            try await approachUnderDUTControl(target, rule: rule, rate: rate, overshoot: overshoot, from: first)
            return
        }
        let start = reading.dutCelsius ?? reading.airCelsius
        if station.chamber.supportsRampRate {
            try await station.chamber.setRampRate(rate)
            try await station.chamber.setSetpoint(target)
            report("ramp", nil, nil)
            // Sleep through most of the ramp: nothing can settle before the air arrives.
            let rampSeconds = abs(target - reading.airCelsius) / rate * 60
            try await clock.sleep(seconds: max(0, rampSeconds - Self.soakPoll))
        } else {
            report("ramp", nil, nil)
            var setpoint = reading.setpointCelsius
            if abs(setpoint - start) > abs(target - start) || setpoint.isNaN { setpoint = start }
            let step = rate * Self.rampStep / 60
            while abs(target - setpoint) > 1e-9 {
                setpoint = target > setpoint ? min(target, setpoint + step) : max(target, setpoint - step)
                try await station.chamber.setSetpoint(setpoint)
                try await clock.sleep(seconds: Self.rampStep)
                reading = try await sample()
            }
        }
        try await soak(target, rule: rule)
    }

    /// Waits until the DUT (and every companion's) has stayed within `rule.bandKelvin` of `target` for
    /// `rule.stabilitySeconds`.
    func soak(_ target: Double, rule: SoakRule) async throws {
        report("soak", nil, nil)
        var trackers = Array(repeating: SoakTracker(target: target, rule: rule, started: clock.now), count: 1 + companions.count)
        while true {
            let readings = try await sampleAll()
            switch try update(&trackers, with: readings, at: clock.now) {
            case .settled: return
            case .wait(let seconds): try await clock.sleep(seconds: seconds)
            }
        }
    }

    /// Updates each socket's tracker with its reading: settled when all are, else the soonest wait. A soak that runs
    /// past its maximum names the socket that did not settle.
    private func update(_ trackers: inout [SoakTracker], with readings: [ChamberReading], at now: Date) throws -> SoakTracker.State {
        let labels = [label] + companions.map(\.label)
        var wait: Double?
        for index in trackers.indices {
            let reading = readings[index]
            let state: SoakTracker.State
            do {
                state = try trackers[index].update(dut: reading.dutCelsius ?? reading.airCelsius, at: now)
            } catch let fault as StationFault {
                guard let label = labels[index] else { throw fault }
                throw StationFault("\(label): \(fault.reason)")
            }
            if case .wait(let seconds) = state { wait = min(wait ?? seconds, seconds) }
        }
        return wait.map { .wait($0) } ?? .settled
    }

    /// Ramps and soaks in one loop, setting the air by the DUT's error at every reading (see the type's notes).
    private func approachUnderDUTControl(
        _ target: Double, rule: SoakRule, rate: Double, overshoot: Double, from readings: [ChamberReading]
    ) async throws {
        let first = readings[0]
        let limits = station.chamber.limits
        let lowest = max(limits.minimumCelsius, target - overshoot)
        let highest = min(limits.maximumCelsius, target + overshoot)
        let slope = rate / 60
        let softwareRamp = !station.chamber.supportsRampRate
        if !softwareRamp { try await station.chamber.setRampRate(rate) }
        // The soak's maximum counts from when the air could have arrived at the stated ramp rate.
        let arrival = abs(target - (first.dutCelsius ?? first.airCelsius)) / slope
        var trackers = Array(
            repeating: SoakTracker(target: target, rule: rule, started: clock.now.addingTimeInterval(arrival)), count: readings.count)
        // A software ramp starts where the air is, whatever setpoint the chamber was left with.
        var setpoint = softwareRamp || !first.setpointCelsius.isFinite ? first.airCelsius : first.setpointCelsius
        var commandedAt = clock.now
        var all = readings
        var phase = ""
        while true {
            let dut = all[0].dutCelsius ?? all[0].airCelsius
            let now = clock.now
            let wanted = min(highest, max(lowest, target + Self.dutControlGain * (target - dut)))
            var next = wanted
            if softwareRamp {
                let allowed = slope * max(Self.soakPoll, now.timeIntervalSince(commandedAt))
                next = setpoint < wanted ? min(wanted, setpoint + allowed) : max(wanted, setpoint - allowed)
            }
            if abs(next - setpoint) >= 0.05 || now == commandedAt {
                try await station.chamber.setSetpoint(next)
                setpoint = next
                commandedAt = now
            }
            let state = try update(&trackers, with: all, at: now)
            let inBand = abs(dut - target) <= rule.bandKelvin
            if (inBand ? "soak" : "ramp") != phase {
                phase = inBand ? "soak" : "ramp"
                report(phase, nil, nil)
            }
            guard case .wait(let wait) = state else {
                // Measure with the air back on the target: a passive DUT then settles exactly there.
                if abs(setpoint - target) >= 0.05 { try await station.chamber.setSetpoint(target) }
                return
            }
            // Far from the target the setpoint only ramps: read and step every ramp step. Near it, every soak poll.
            let far = abs(target - dut) > 2 * (overshoot / Self.dutControlGain + slope * Self.rampStep)
            try await clock.sleep(seconds: far ? Self.rampStep : min(wait, Self.soakPoll))
            all = try await sampleAll()
        }
    }
}
