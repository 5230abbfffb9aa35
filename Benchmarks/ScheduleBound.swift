import Foundation
import Qualification
import StationConfiguration

/// How long a plan must take at the least, and how long a naive schedule of the same plan would take, computed
/// from the plan alone (station time, seconds).
///
/// The lower bound per step: the ramp from the previous setpoint (25 °C ambient before the first) at the fastest
/// rate allowed, the soak's stability window (once per new temperature), and the measurement: the shortest BER
/// gate that can prove the target with zero errors (`requiredBits(errors: 0)` / line rate), or a burn-in
/// interval. The allowed rate is the station's `max_ramp_kelvin_per_minute`, or the profile's condensation-guard
/// slow rate when the step warms through the dew point; ``stationOnlySeconds`` ignores the guard.
///
/// The naive schedule ramps the same way, then soaks a fixed 30 minutes, runs every gate for its full
/// `max_seconds`, and only then scans the optical power lane by lane (switch settling plus one meter query each).
struct ScheduleBound: Sendable {
    /// One step's share.
    struct Step: Sendable {
        /// The plan step's index.
        var index: Int
        /// Its name.
        var name: String
        /// Ramp at the allowed rate, s.
        var rampSeconds: Double
        /// Ramp at the station's rate, s.
        var stationRampSeconds: Double
        /// Stability window, s.
        var soakSeconds: Double
        /// Shortest gate, burn-in interval or hold, s.
        var measureSeconds: Double
        /// The naive schedule's time for the step, s.
        var naiveSeconds: Double
        /// What the DUT's own thermal lag adds at the least, s: however the air is driven, it ramps no faster than
        /// allowed and the DUT follows it through a first-order lag, so the DUT enters the soak band this much
        /// later than the air could arrive. Zero when the DUT's time constant is unknown (a real station).
        var lagFloorSeconds = 0.0

        /// The step's lower bound, s.
        var boundSeconds: Double { rampSeconds + soakSeconds + measureSeconds }
    }

    /// The steps.
    var steps: [Step]

    /// The lower bound, s.
    var seconds: Double { steps.reduce(0) { $0 + $1.boundSeconds } }
    /// The lower bound with every ramp at the station's rate (no condensation guard), s.
    var stationOnlySeconds: Double {
        steps.reduce(0) { $0 + $1.stationRampSeconds + $1.soakSeconds + $1.measureSeconds }
    }
    /// The naive schedule, s.
    var naiveSeconds: Double { steps.reduce(0) { $0 + $1.naiveSeconds } }
    /// The DUT's thermal lag floor over all steps, s.
    var lagFloorSeconds: Double { steps.reduce(0) { $0 + $1.lagFloorSeconds } }

    /// The naive schedule's fixed soak, s.
    static let naiveSoakSeconds = 30.0 * 60
    /// Where the chamber starts, °C.
    static let ambientCelsius = 25.0

    /// Computes both schedules for `plan`; `meterQuerySeconds` is one optical power reading in the naive scan.
    init(plan: Plan, meterQuerySeconds: Double) throws {
        let station = plan.station
        let stationRate = station.limits.maximumRampKelvinPerMinute
        let lanes = Double(plan.profile.dut.lanes)
        let lineRate = plan.profile.dut.lineRateGbps * 1e9
        let settling = station.instrument(.switch).map { BenchMath.seconds($0.settling) }
        // Lane by lane through the switch, or one block read of every channel without one.
        let naiveScan = settling.map { lanes * ($0 + meterQuerySeconds) } ?? meterQuerySeconds
        let boundScan = settling.map { lanes * $0 } ?? 0

        var steps: [Step] = []
        var previous = Self.ambientCelsius
        for step in plan.steps {
            let delta = abs(step.celsius - previous)
            let rate = min(stationRate, plan.condensationRampRate(into: step) ?? stationRate)
            let ramp = delta / rate * 60
            let stationRamp = delta / stationRate * 60
            var entry = Step(
                index: step.index, name: step.name, rampSeconds: ramp, stationRampSeconds: stationRamp, soakSeconds: 0,
                measureSeconds: 0, naiveSeconds: ramp)
            if let tau = station.simulation?.dutTimeConstantSeconds, let band = Self.soakBand(step) {
                entry.lagFloorSeconds = Self.lagFloor(delta: delta, band: band, rate: rate / 60, tau: tau)
            }
            switch step.action {
            case .temperaturePoint(let point):
                entry.soakSeconds = point.soak.stabilitySeconds
                entry.naiveSeconds += Self.naiveSoakSeconds
                var gate = 0.0
                if point.measure.ber {
                    gate = point.gate.minimumBits() / lineRate
                    entry.naiveSeconds += point.gate.maximumSeconds
                }
                // Power is read during the gate; without a gate the scan itself is the measurement.
                entry.measureSeconds = max(gate, point.measure.opticalPower ? boundScan : 0)
                if point.measure.opticalPower { entry.naiveSeconds += naiveScan }
            case .dwell(_, let seconds, let soak):
                entry.soakSeconds = soak.stabilitySeconds
                entry.measureSeconds = seconds
                entry.naiveSeconds += Self.naiveSoakSeconds + seconds
            case .burnInReadPoint(let stage, let readPoint, _):
                if readPoint == 0 {
                    // Reaching the stress temperature; the stage's clock starts once the DUT is stable.
                    entry.soakSeconds = stage.soak.stabilitySeconds
                    entry.naiveSeconds += Self.naiveSoakSeconds + naiveScan
                } else {
                    // Read points are due every interval from the stage's start; the last one's scan ends the stage.
                    entry.measureSeconds = stage.readEveryMinutes * 60
                    entry.naiveSeconds += stage.readEveryMinutes * 60 + naiveScan
                }
                if !Self.continuesBurnIn(plan.steps, after: step.index) {
                    entry.measureSeconds += boundScan
                }
            }
            steps.append(entry)
            previous = step.celsius
        }
        self.steps = steps
    }

    /// The soak band of a step that soaks, K.
    private static func soakBand(_ step: PlanStep) -> Double? {
        switch step.action {
        case .temperaturePoint(let point): return point.soak.bandKelvin
        case .dwell(_, _, let soak): return soak.bandKelvin
        case .burnInReadPoint(let stage, let readPoint, _): return readPoint == 0 ? stage.soak.bandKelvin : nil
        }
    }

    /// The least time, beyond `delta / rate`, for a DUT with time constant `tau` (s) at rest to come within `band`
    /// (K) of a target `delta` (K) away when the air can move at most `rate` (K/s) from the DUT's temperature: the
    /// DUT behind an air ramp at full rate is `rate·(t − tau·(1 − e^(−t/tau)))` along at time t.
    static func lagFloor(delta: Double, band: Double, rate: Double, tau: Double) -> Double {
        guard delta > band, rate > 0, tau > 0 else { return 0 }
        let along = { (t: Double) in rate * (t - tau * (1 - exp(-t / tau))) }
        var low = 0.0
        var high = delta / rate + 20 * tau
        for _ in 0..<100 {
            let middle = (low + high) / 2
            if along(middle) < delta - band { low = middle } else { high = middle }
        }
        return max(0, high - delta / rate)
    }

    /// Whether the step after `index` is a later read point of the same burn-in stage.
    private static func continuesBurnIn(_ steps: [PlanStep], after index: Int) -> Bool {
        guard index + 1 < steps.count, case .burnInReadPoint(_, let readPoint, _) = steps[index + 1].action else {
            return false
        }
        return readPoint > 0
    }
}
