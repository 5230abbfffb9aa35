import Foundation

/// How long each step of a plan should take on a station that behaves: the ramp at the fastest allowed rate (the
/// condensation guard's slow rate where it applies), the soak's stability window, and the shortest BER gate that
/// can prove the target (or the hold of a dwell or burn-in read point). The progress line's ETA comes from it.
public struct PlanDurationEstimate: Sendable, Equatable {
    /// Estimated seconds per step, in plan order.
    public var stepSeconds: [Double]

    /// Estimates `plan`, starting from `startCelsius` (ambient).
    public init(plan: Plan, startCelsius: Double = 25) {
        let stationRate = max(plan.station.limits.maximumRampKelvinPerMinute, 1e-3)
        let lineRate = plan.profile.dut.lineRateGbps * 1e9
        var previous = startCelsius
        stepSeconds = plan.steps.map { step in
            let rate = min(stationRate, plan.condensationRampRate(into: step) ?? stationRate)
            let ramp = abs(step.celsius - previous) / rate * 60
            previous = step.celsius
            switch step.action {
            case .temperaturePoint(let point):
                var gate = point.gate.pollSeconds
                if point.measure.ber, lineRate > 0 {
                    let bits = point.gate.minimumBits()
                    gate = min(point.gate.maximumSeconds, bits / lineRate)
                }
                return ramp + point.soak.stabilitySeconds + gate
            case .dwell(_, let seconds, let soak):
                return ramp + soak.stabilitySeconds + seconds
            case .burnInReadPoint(let stage, let readPoint, _):
                return readPoint > 0 ? stage.readEveryMinutes * 60 : ramp + stage.soak.stabilitySeconds
            }
        }
    }

    /// Seconds left when step `index` has been running for `elapsed` seconds.
    public func remainingSeconds(inStep index: Int, elapsed: Double) -> Double {
        guard stepSeconds.indices.contains(index) else { return 0 }
        let current = max(0, stepSeconds[index] - elapsed)
        return current + stepSeconds[(index + 1)...].reduce(0, +)
    }
}
