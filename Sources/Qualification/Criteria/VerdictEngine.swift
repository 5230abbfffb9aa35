import Foundation
import LinkStatistics
import RunStore
import StationConfiguration

/// Computes the verdict of a run from the evidence in its run store, never from the simulator or the sequencer's
/// own state: it reduces run.sqlite to ``VerdictInputs`` and applies ``VerdictRules``, so a third party holding
/// run.sqlite (or only the certificate, which carries the inputs) reaches the same verdict.
public struct VerdictEngine: Sendable {
    let plan: Plan
    let store: RunStore

    /// A lane reading at or below this power is dark, dBm: below any usable Micro LED lane, above the noise floor
    /// of the meters QualStation drives.
    public static let darkFloorDBm = -60.0

    /// Creates an engine.
    public init(plan: Plan, store: RunStore) {
        self.plan = plan
        self.store = store
    }

    /// Assesses the run. `incompleteReason` is set when a station fault, abort or signal stopped the sequencer;
    /// `dutFailure` when the DUT itself failed in a way that stopped it (read from the run's events when nil).
    public func assess(incompleteReason: String?, calibrationProblems: [String], dutFailure: String? = nil) throws -> Assessment {
        VerdictRules.judge(try inputs(incompleteReason: incompleteReason, calibrationProblems: calibrationProblems, dutFailure: dutFailure))
    }

    /// The inputs of the verdict: the plan's rules and the store's evidence.
    public func inputs(incompleteReason: String?, calibrationProblems: [String], dutFailure: String? = nil) throws -> VerdictInputs {
        let failure = try dutFailure ?? store.events().last { $0.kind == DUTFailure.eventKind }?.message
        var incomplete: [String] = []
        if let incompleteReason, failure == nil { incomplete.append("run incomplete: \(incompleteReason)") }
        let records = try store.steps()
        var steps: [StepEvidence] = []
        var lanes = (0..<plan.profile.dut.lanes).map { lane in
            LaneEvidence(lane: lane, role: lane < plan.profile.dut.requiredLanes ? "active" : "spare", gates: [], power: [], burnIn: nil)
        }
        let floorWatts = 1e-3 * pow(10, Self.darkFloorDBm / 10)
        for step in plan.steps {
            let record = records.first { $0.index == step.index }
            let complete = record?.status == .complete
            var measure = MeasurementSet.none
            var burnInHours: Double?
            var band = 0.0
            switch step.action {
            case .temperaturePoint(let point):
                measure = point.measure
                band = point.soak.bandKelvin
            case .dwell(_, _, let soak):
                band = soak.bandKelvin
            case .burnInReadPoint(let stage, _, let elapsed):
                measure = MeasurementSet(ber: false, opticalPower: true, supplyPower: true)
                burnInHours = elapsed / 3600
                band = stage.soak.bandKelvin
            }
            var evidence = StepEvidence(
                index: step.index, name: step.name, kind: step.kind, celsius: step.celsius, complete: complete,
                attempts: record?.attempt ?? 0, measuresBER: measure.ber, measuresOpticalPower: measure.opticalPower,
                measuresSupplyPower: measure.supplyPower, burnInHours: burnInHours, window: nil, supplyWatts: nil)
            if complete {
                let readings = Self.lastMeasurement(try store.evidence(step: step.index))
                evidence.window = evidence.measures ? Self.window(readings.rows, band: band, repeats: readings.repeats) : nil
                evidence.supplyWatts = Self.supplyWatts(readings.rows)
                Self.collect(readings.rows, step: step, burnInHours: burnInHours, floorWatts: floorWatts, into: &lanes)
            }
            steps.append(evidence)
        }
        return VerdictInputs(
            parameters: try Self.parameters(plan: plan),
            evidence: RunEvidence(incomplete: incomplete, calibration: calibrationProblems, dutFailure: failure, steps: steps, lanes: lanes))
    }

    /// The rules of `plan`: limits, stopping plans with their exact operating characteristic, uncertainties.
    public static func parameters(plan: Plan) throws -> VerdictParameters {
        let profile = plan.profile
        let lineRate = profile.dut.lineRateGbps * 1e9
        var gates: [GateParameters] = []
        for step in plan.steps {
            guard case .temperaturePoint(let point) = step.action, point.measure.ber else { continue }
            let stopping = try point.gate.stoppingPlan(lineRate: lineRate)
            gates.append(
                GateParameters(
                    step: step.index, celsius: step.celsius, pattern: point.gate.pattern.rawValue, inverted: point.gate.inverted,
                    plan: stopping, maximumSeconds: point.gate.maximumSeconds, pollSeconds: point.gate.pollSeconds,
                    onSyncLoss: point.gate.onSyncLoss.rawValue, acceptanceAtTarget: stopping.acceptanceProbability(ber: point.gate.targetBER),
                    acceptanceAtTenthOfTarget: stopping.acceptanceProbability(ber: point.gate.targetBER / 10)))
        }
        let criteria = profile.criteria
        let meter = plan.station.instrument(.meter)?.calibration?.uncertainty
        let supply = plan.station.instrument(.supply)?.calibration?.uncertainty
        let powerSteps = plan.steps.filter { step in
            if case .temperaturePoint(let point) = step.action { return point.measure.opticalPower }
            return false
        }
        return VerdictParameters(
            lanes: profile.dut.lanes, requiredLanes: profile.dut.requiredLanes, lineRateBitsPerSecond: lineRate,
            decisionRule: criteria.decisionRule.kind == .guardBand ? "guard_band" : "simple_acceptance",
            coverageFactor: criteria.decisionRule.coverageFactor,
            opticalPowerUncertaintyPercent: meter?["optical_power_percent"], supplyVoltageUncertaintyPercent: supply?["voltage_percent"],
            supplyCurrentUncertaintyPercent: supply?["current_percent"], darkFloorDBm: darkFloorDBm, gates: gates,
            opticalPower: criteria.opticalPower.map { PowerWindowParameters(minimumDBm: $0.minimumDBm, maximumDBm: $0.maximumDBm) },
            retention: criteria.retention.map { retention in
                // The first point measuring power at each temperature.
                RetentionParameters(
                    name: "retention at \(PlanStep.format(retention.atCelsius)) °C vs \(PlanStep.format(retention.referenceCelsius)) °C",
                    atStep: powerSteps.first { $0.celsius == retention.atCelsius }?.index,
                    referenceStep: powerSteps.first { $0.celsius == retention.referenceCelsius }?.index,
                    minimumFraction: retention.minimumFraction)
            },
            energyPerBit: criteria.energyPerBit.map { EnergyParameters(maximumPicojoulesPerBit: $0.maximumPicojoulesPerBit, rails: $0.rails) },
            burnInDrift: criteria.burnInDrift.map {
                DriftParameters(
                    warningPercentPer1000Hours: $0.warningPercentPer1000Hours, criticalPercentPer1000Hours: $0.criticalPercentPer1000Hours,
                    maximumChangePercent: $0.maximumChangePercent)
            })
    }

    // MARK: Reducing the store

    /// The rows of the step's last measurement: everything after its last `measurement_start` marker (a measurement
    /// abandoned after a temperature excursion or an instrument's reboot stays stored before it), and how many
    /// measurements were abandoned.
    static func lastMeasurement(_ rows: [MeasurementRecord]) -> (rows: ArraySlice<MeasurementRecord>, repeats: Int) {
        guard let marker = rows.lastIndex(where: { $0.quantity == MeasurementQuantity.measurementStart }) else {
            return (rows[...], 0)
        }
        let repeats = Int(rows[marker].value.isFinite ? rows[marker].value : 0)
        return (rows[rows.index(after: marker)...], repeats)
    }

    static func window(_ rows: ArraySlice<MeasurementRecord>, band: Double, repeats: Int) -> MeasurementWindow {
        let temperatures = rows.filter { $0.quantity == "dut_temperature" }.map(\.value).filter(\.isFinite)
        return MeasurementWindow(
            bandKelvin: band, samples: temperatures.count, dutMinimumCelsius: temperatures.min(), dutMaximumCelsius: temperatures.max(),
            dutMeanCelsius: temperatures.isEmpty ? nil : temperatures.reduce(0, +) / Double(temperatures.count), repeats: repeats)
    }

    static func supplyWatts(_ rows: ArraySlice<MeasurementRecord>) -> Double? {
        let volts = rows.filter { $0.quantity == "supply_voltage" }.map(\.value)
        let amps = rows.filter { $0.quantity == "supply_current" }.map(\.value)
        guard !volts.isEmpty, volts.count == amps.count else { return nil }
        let watts = zip(volts, amps).map(*)
        return watts.reduce(0, +) / Double(watts.count)
    }

    /// Adds one completed step's per-lane readings to the lanes' evidence.
    static func collect(
        _ rows: ArraySlice<MeasurementRecord>, step: PlanStep, burnInHours: Double?, floorWatts: Double, into lanes: inout [LaneEvidence]
    ) {
        var power: [Int: Double] = [:]
        var decisions: [Int: [String: Double]] = [:]
        for row in rows {
            guard let lane = row.lane, lanes.indices.contains(lane) else { continue }
            switch row.quantity {
            case "optical_power": power[lane] = row.value
            case MeasurementQuantity.berDecision, MeasurementQuantity.berDecisionBits, MeasurementQuantity.berDecisionErrors,
                MeasurementQuantity.berLockLosses, MeasurementQuantity.berRestarts:
                decisions[lane, default: [:]][row.quantity] = row.value
            default: break
            }
        }
        for lane in lanes.indices {
            if let decision = decisions[lane], let accepted = decision[MeasurementQuantity.berDecision],
                let bits = decision[MeasurementQuantity.berDecisionBits], let errors = decision[MeasurementQuantity.berDecisionErrors]
            {
                lanes[lane].gates.append(
                    LaneGateEvidence(
                        step: step.index, comparedBits: bits, errors: errors, decision: accepted == 1 ? "accept" : "reject",
                        lockLosses: Int(decision[MeasurementQuantity.berLockLosses] ?? 0),
                        restarts: Int(decision[MeasurementQuantity.berRestarts] ?? 0)))
            }
            let watts = power[lane].flatMap { $0.isFinite ? $0 : nil }
            guard let hours = burnInHours else {
                if case .temperaturePoint(let point) = step.action, point.measure.opticalPower {
                    lanes[lane].power.append(LanePowerEvidence(step: step.index, watts: watts))
                }
                continue
            }
            var burnIn = lanes[lane].burnIn ?? BurnInEvidence(series: BurnInPowerSeries(), missing: 0, dark: 0, firstDarkStep: nil)
            if let watts {
                burnIn.series.add(hours: hours, watts: watts, step: step.index)
                if watts <= floorWatts {
                    burnIn.dark += 1
                    if burnIn.firstDarkStep == nil { burnIn.firstDarkStep = step.index }
                }
            } else {
                burnIn.missing += 1
            }
            lanes[lane].burnIn = burnIn
        }
    }
}

/// The names of the derived quantities the sequencer records besides raw readings.
public enum MeasurementQuantity {
    /// Marks the start of a step's measurement; its value counts the measurements abandoned before it.
    public static let measurementStart = "measurement_start"
    /// A lane's gate decision: 1 accepted, 0 rejected.
    public static let berDecision = "ber_decision"
    /// Bits compared since the lane's count (re)started, at its decision.
    public static let berDecisionBits = "ber_decision_bits"
    /// Errors since the lane's count (re)started, at its decision.
    public static let berDecisionErrors = "ber_decision_errors"
    /// Times the lane lost lock during the gate.
    public static let berLockLosses = "ber_lock_losses"
    /// Times the lane's count restarted.
    public static let berRestarts = "ber_restarts"
}
