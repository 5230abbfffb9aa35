import LinkStatistics
import StationConfiguration

extension Plan {
    /// The condensation guard's slow ramp rate, K/min, when `step` warms from below the profile's dew point to
    /// above it and the guard's strategy is to ramp slowly; nil otherwise (the station's fastest rate applies).
    public func condensationRampRate(into step: PlanStep) -> Double? {
        guard let guardRule = profile.condensation, guardRule.strategy == .slowRamp, step.index > 0,
            steps.indices.contains(step.index)
        else { return nil }
        let previous = steps[step.index - 1].celsius
        guard previous < guardRule.dewPointCelsius, step.celsius > guardRule.dewPointCelsius else { return nil }
        return guardRule.slowRampKelvinPerMinute
    }
}

extension BERGate {
    /// The bits each lane must compare before the gate can prove its target, even with zero errors (χ²).
    public func minimumBits() throws -> Double {
        try BERStatistics.requiredBits(errors: 0, confidence: confidence, targetBER: targetBER)
    }
}
