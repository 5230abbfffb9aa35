import Foundation
import StationConfiguration

/// Soak bookkeeping: how long the DUT has been in the band, and whether the soak's maximum has passed.
struct SoakTracker {
    /// What the tracker decides after a reading.
    enum State: Equatable {
        /// The DUT has been in the band for the stability window.
        case settled
        /// Read again after this many seconds.
        case wait(Double)
    }

    let target: Double
    let rule: SoakRule
    /// From when the soak's maximum counts.
    let started: Date
    private var inBandSince: Date?

    init(target: Double, rule: SoakRule, started: Date) {
        self.target = target
        self.rule = rule
        self.started = started
    }

    /// Takes a DUT reading at `now`; throws ``StationFault`` once the soak has run past its maximum unsettled.
    mutating func update(dut: Double, at now: Date) throws -> State {
        if abs(dut - target) <= rule.bandKelvin {
            if inBandSince == nil { inBandSince = now }
            if let since = inBandSince, now.timeIntervalSince(since) >= rule.stabilitySeconds { return .settled }
        } else {
            inBandSince = nil
        }
        if now.timeIntervalSince(started) > rule.maximumSeconds {
            throw StationFault(
                "soak at \(PlanStep.format(target)) °C did not settle within \(PlanStep.format(rule.maximumSeconds)) s: DUT at \(String(format: "%.2f", dut)) °C, band ±\(rule.bandKelvin) K (is the chamber able to reach the setpoint?)")
        }
        if let since = inBandSince {
            return .wait(min(ThermalController.soakPoll, max(0.5, rule.stabilitySeconds - now.timeIntervalSince(since))))
        }
        return .wait(ThermalController.soakPoll)
    }
}
