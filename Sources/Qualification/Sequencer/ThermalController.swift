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
struct ThermalController {
    let station: ConnectedStation
    let clock: any StationClock
    let recorder: RunRecorder
    let supervisor: SafetySupervisor
    let report: @Sendable (String, Double?, Double?) -> Void

    /// Temperature readings are taken this often while soaking, station seconds.
    static let soakPoll = 10.0
    /// Software ramps step the setpoint this often, station seconds.
    static let rampStep = 30.0

    /// Reads and records air and DUT temperatures; checks interlocks.
    @discardableResult
    func sample() async throws -> ChamberReading {
        let reading = try await station.chamber.readTemperatures()
        var readings = [
            RunRecorder.Reading(quantity: "air_temperature", value: reading.airCelsius, unit: "degC", instrument: "chamber"),
            RunRecorder.Reading(quantity: "chamber_setpoint", value: reading.setpointCelsius, unit: "degC", instrument: "chamber"),
        ]
        if let dut = reading.dutCelsius {
            readings.append(RunRecorder.Reading(quantity: "dut_temperature", value: dut, unit: "degC", instrument: "chamber"))
        }
        try recorder.record(readings)
        report("", reading.airCelsius, reading.dutCelsius)
        try await supervisor.checkInterlocks()
        return reading
    }

    /// Ramps to `target` at `rate` K/min (capped by the station), then soaks by `rule`.
    func reach(_ target: Double, rule: SoakRule, rate requestedRate: Double?) async throws {
        let limits = station.chamber.limits
        let rate = min(requestedRate ?? limits.maximumRampKelvinPerMinute, limits.maximumRampKelvinPerMinute)
        var reading = try await sample()
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

    /// Waits until the DUT has stayed within `rule.bandKelvin` of `target` for `rule.stabilitySeconds`.
    func soak(_ target: Double, rule: SoakRule) async throws {
        report("soak", nil, nil)
        let started = clock.now
        var inBandSince: Date?
        while true {
            let reading = try await sample()
            let dut = reading.dutCelsius ?? reading.airCelsius
            let now = clock.now
            if abs(dut - target) <= rule.bandKelvin {
                if inBandSince == nil { inBandSince = now }
                if let since = inBandSince, now.timeIntervalSince(since) >= rule.stabilitySeconds { return }
            } else {
                inBandSince = nil
            }
            if now.timeIntervalSince(started) > rule.maximumSeconds {
                throw StationFault(
                    "soak at \(PlanStep.format(target)) °C did not settle within \(PlanStep.format(rule.maximumSeconds)) s: DUT at \(String(format: "%.2f", dut)) °C, band ±\(rule.bandKelvin) K (is the chamber able to reach the setpoint?)")
            }
            let wait: Double
            if let since = inBandSince {
                wait = min(Self.soakPoll, max(0.5, rule.stabilitySeconds - now.timeIntervalSince(since)))
            } else {
                wait = Self.soakPoll
            }
            try await clock.sleep(seconds: wait)
        }
    }
}

/// A fault of the station (not the DUT): the run becomes INCOMPLETE with this reason.
public struct StationFault: Error, CustomStringConvertible, Sendable {
    /// Why.
    public var reason: String

    /// Creates a fault.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
