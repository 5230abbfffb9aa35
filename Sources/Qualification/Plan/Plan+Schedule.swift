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
    /// The gate's exact stopping plan at `lineRate` bit/s (qualification.md §3a): its looks, thresholds and the α
    /// each spends; the gate's maximum caps the looks.
    public func stoppingPlan(lineRate: Double) throws(GatePlanError) -> GatePlan {
        let maximumBits = maximumSeconds * lineRate
        switch stopping {
        case .zeroError:
            return try GatePlan.zeroError(targetBER: targetBER, confidence: confidence, maximumBits: maximumBits)
        case .multiStage(let maximumErrors, let spending):
            return try GatePlan.multiStage(
                targetBER: targetBER, confidence: confidence, maximumErrors: maximumErrors, spending: spending, maximumBits: maximumBits)
        }
    }

    /// The bits each lane must compare before the gate can accept it: the stopping plan's first look.
    public func minimumBits() -> Double {
        firstLookBits
    }
}
