import Foundation
import InstrumentProtocols
import Qualification
import RunStore
import StationConfiguration

/// Builds the certificate of a run from the run store, the plan and the assessment computed from that store.
public enum CertificateBuilder {
    /// The event kinds reported as deviations.
    public static let deviationKinds: Set<String> = ["retry", "fault", "resume", ResyncEvent.kind, "interlock", "abort"]

    /// Builds the certificate.
    ///
    /// - Parameters:
    ///   - run: the run record (from `store.run()`).
    ///   - plan: the plan the run executed; its profile and station files must be the ones the run recorded
    ///     (same SHA-256), otherwise the criteria would not be those of the run.
    ///   - assessment: the verdict and evidence from `VerdictEngine` over the same store.
    ///   - store: the run store, for step times, temperatures and events.
    ///   - identities: each instrument's identity reply, by role.
    ///   - softwareVersion: the QualStation version issuing the certificate.
    ///   - issuedAt: the issue time.
    /// - Throws: `CertificateBuildError` when the plan's files are not the run's; `RunStoreError` when the store
    ///   cannot be read.
    public static func build(
        run: RunRecord, plan: Plan, assessment: Assessment, store: RunStore,
        identities: [InstrumentRole: InstrumentIdentity], softwareVersion: String, issuedAt: Date
    ) throws -> CertificateDocument {
        try checkConsistency(run: run, plan: plan)
        let profile = plan.profile
        let station = plan.station
        let dut = profile.dut
        let remap = assessment.remap.compactMap { key, spare in
            Int(key).map { CertificateDocument.Remap(active: $0, spare: spare) }
        }
        .sorted { $0.active < $1.active }
        return CertificateDocument(
            id: "QS-" + run.id,
            title: profile.title,
            lab: CertificateDocument.Lab(
                name: station.identity.labName, address: station.identity.labAddress,
                location: station.identity.location),
            station: CertificateDocument.Station(
                id: station.identity.id, name: station.identity.name, file: run.stationPath,
                fileSHA256: run.stationSHA256),
            dut: CertificateDocument.DUT(
                serial: run.dut, part: dut.part, lot: run.metadata["lot"] ?? "", lanes: dut.lanes,
                requiredLanes: dut.requiredLanes, spares: dut.spares, lineRateGbps: dut.lineRateGbps,
                wavelengthNanometres: dut.wavelengthNanometres),
            profile: CertificateDocument.ProfileReference(
                name: profile.name, version: profile.version, file: run.profilePath, fileSHA256: run.profileSHA256),
            run: CertificateDocument.RunInformation(
                id: run.id, status: run.status.rawValue, incompleteReason: run.incompleteReason,
                seed: run.seed.map { String($0) }, simulated: station.isSimulated, softwareVersion: run.softwareVersion,
                metadata: run.metadata),
            instruments: instruments(station: station, identities: identities, run: run, issuedAt: issuedAt),
            software: CertificateDocument.Software(version: softwareVersion),
            operator: run.operatorName,
            times: CertificateDocument.Times(
                started: CertificateTime(run.startedAt), ended: run.endedAt.map(CertificateTime.init),
                issued: CertificateTime(issuedAt)),
            environment: try environment(plan: plan, assessment: assessment, store: store),
            decisionRule: decisionRule(profile.criteria.decisionRule),
            limits: limits(plan: plan, assessment: assessment),
            criteria: assessment.criteria.map(criterion),
            lanes: lanes(assessment: assessment, plan: plan, remap: remap),
            remap: remap,
            countedLanes: assessment.countedLanes,
            verdictInputs: assessment.inputs,
            simulated: station.isSimulated,
            seed: station.isSimulated ? run.seed.map { String($0) } : nil,
            evidenceChain: try evidenceChain(store),
            deviations: deviations(try store.events()),
            verdict: assessment.verdict,
            reasons: assessment.reasons)
    }

    /// The chain head the certificate binds: the store as it is when the certificate is built.
    private static func evidenceChain(_ store: RunStore) throws -> CertificateDocument.EvidenceChain {
        let chain = try store.evidenceChainHead()
        return CertificateDocument.EvidenceChain(head: chain.head, count: chain.count)
    }

    // MARK: Consistency

    private static func checkConsistency(run: RunRecord, plan: Plan) throws {
        guard !run.id.isEmpty else {
            throw CertificateBuildError(
                runID: run.id, problem: "the run has no identifier, so the certificate would have none")
        }
        guard run.profileSHA256.lowercased() == plan.profile.sha256.lowercased() else {
            throw CertificateBuildError(
                runID: run.id,
                problem:
                    "the profile \(plan.profile.path) (SHA-256 \(plan.profile.sha256)) is not the one the run used "
                    + "(\(run.profilePath), SHA-256 \(run.profileSHA256)); load the profile file the run recorded")
        }
        guard run.stationSHA256.lowercased() == plan.station.sha256.lowercased() else {
            throw CertificateBuildError(
                runID: run.id,
                problem:
                    "the station file \(plan.station.path) (SHA-256 \(plan.station.sha256)) is not the one the run "
                    + "used (\(run.stationPath), SHA-256 \(run.stationSHA256)); load the station file the run recorded")
        }
    }

    // MARK: Instruments

    private static func instruments(
        station: StationFile, identities: [InstrumentRole: InstrumentIdentity], run: RunRecord, issuedAt: Date
    ) -> [CertificateDocument.Instrument] {
        station.instruments.keys.sorted().compactMap { role in
            guard let entry = station.instruments[role] else { return nil }
            let identity = identities[role]
            let calibration = entry.calibration.map { record in
                CertificateDocument.Calibration(
                    certificate: record.certificate, by: record.calibratedBy,
                    calibrated: CertificateTime(record.calibrated),
                    due: CertificateTime(record.due), uncertainty: record.uncertainty.filter { $0.value.isFinite },
                    validDuringRun: record.isValid(at: run.startedAt) && record.isValid(at: run.endedAt ?? issuedAt))
            }
            return CertificateDocument.Instrument(
                role: role.rawValue, driver: entry.driver, resource: String(describing: entry.resource),
                manufacturer: identity?.manufacturer, model: identity?.model, serial: identity?.serialNumber,
                firmware: identity?.firmware, calibration: calibration)
        }
    }

    // MARK: Environment

    private static func environment(
        plan: Plan, assessment: Assessment, store: RunStore
    ) throws -> [CertificateDocument.EnvironmentStep] {
        let records = Dictionary(try store.steps().map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        let summaries = Dictionary(assessment.steps.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        return try plan.steps.map { step in
            let record = records[step.index]
            let rows = try store.evidence(step: step.index)
            let summary = summaries[step.index]
            // Ramp and soak: everything before the last measurement's start (the whole step when it measured nothing).
            let before = rows.lastIndex { $0.quantity == MeasurementQuantity.measurementStart }.map { rows[..<$0] } ?? rows[...]
            let air = before.filter { $0.quantity == "air_temperature" }.map(\.value).filter(\.isFinite)
            let dut = before.filter { $0.quantity == "dut_temperature" }.map(\.value).filter(\.isFinite)
            return CertificateDocument.EnvironmentStep(
                index: step.index, name: step.name, kind: step.kind, status: record?.status.rawValue ?? "pending",
                attempts: record?.attempt ?? 0, started: record?.startedAt.map(CertificateTime.init),
                ended: record?.endedAt.map(CertificateTime.init), setpointCelsius: step.celsius,
                dutMinimumCelsius: dut.min(), dutMeanCelsius: mean(dut), dutMaximumCelsius: dut.max(),
                airMinimumCelsius: air.min(), airMaximumCelsius: air.max(), samples: air.count,
                supplyWatts: finite(summary?.supplyWatts), picojoulesPerBit: finite(summary?.picojoulesPerBit),
                measurement: summary?.window)
        }
    }

    // MARK: Deviations

    /// The events reported as deviations, in time order. A step's re-synchronisations become one entry naming
    /// every lane (dead lanes lose sync at every gate; one line each would bury the other deviations).
    public static func deviations(_ events: [EventRecord]) -> [CertificateDocument.Deviation] {
        var result: [CertificateDocument.Deviation] = []
        var resyncEntry: [Int?: Int] = [:]
        var resyncLanes: [Int?: [String]] = [:]
        for event in events where deviationKinds.contains(event.kind) {
            guard event.kind == ResyncEvent.kind else {
                result.append(
                    CertificateDocument.Deviation(
                        time: CertificateTime(event.time), step: event.stepIndex, kind: event.kind, message: event.message))
                continue
            }
            resyncLanes[event.stepIndex, default: []].append(ResyncEvent.lane(in: event.message).map(String.init) ?? event.message)
            if resyncEntry[event.stepIndex] == nil {
                resyncEntry[event.stepIndex] = result.count
                result.append(
                    CertificateDocument.Deviation(
                        time: CertificateTime(event.time), step: event.stepIndex, kind: event.kind, message: event.message))
            }
        }
        for (step, index) in resyncEntry {
            guard let lanes = resyncLanes[step], lanes.count > 1 else { continue }
            result[index].message =
                "\(lanes.count) lanes lost sync and were re-synchronised once: lanes \(lanes.joined(separator: ", "))"
        }
        return result
    }

    // MARK: Rule, limits and criteria

    /// The decision rule in words, for the statement of conformity.
    static func decisionRule(_ rule: DecisionRule) -> CertificateDocument.DecisionRuleStatement {
        let k = format(rule.coverageFactor)
        let measured: String
        switch rule.kind {
        case .simpleAcceptance:
            measured =
                "Simple acceptance (ILAC-G8:09/2019 §4.2.1): a measured value is accepted when it lies within the "
                + "limit, with no guard band; at the limit the risk of false acceptance can reach 50 %."
        case .guardBand:
            measured =
                "Guard band (ILAC-G8:09/2019 §4.2.2): the acceptance limit is the tolerance limit moved inside by "
                + "w = \(k)·U, where U is the expanded uncertainty (k = 2) from the calibration records"
                + (rule.coverageFactor >= 1 ? "; with w = U the probability of false acceptance is below 2.5 %." : ".")
        }
        let text =
            measured
            + " BER: a lane meets a gated temperature when the χ² upper bound of its bit error ratio, from its compared"
            + " bits and errors at the stated confidence, is at or below the target, with the detector synchronised."
            + " A lane that misses any criterion fails and counts against the spares; the part passes lane sparing when"
            + " the failed lanes do not exceed the spares, and each failed active lane is remapped to a passing spare."
            + " The verdict is PASS when every criterion is met with complete, in-calibration evidence, FAIL when the"
            + " part missed a criterion, and INCOMPLETE when evidence is missing, a calibration was not valid or the run"
            + " stopped: INCOMPLETE is never a statement about the part."
        return CertificateDocument.DecisionRuleStatement(
            kind: rule.kind.rawValue, coverageFactor: rule.coverageFactor, text: text)
    }

    private static func limits(plan: Plan, assessment: Assessment) -> CertificateDocument.Limits {
        let criteria = plan.profile.criteria
        let parameters = assessment.inputs.parameters
        let lineRate = parameters.lineRateBitsPerSecond
        let gates = parameters.gates.map { gate -> CertificateDocument.BERGateLimit in
            let stopping = gate.plan
            let looks = stopping.looks.map {
                CertificateDocument.GateLookLimit(
                    bits: $0.bits, seconds: lineRate > 0 ? $0.bits / lineRate : 0, acceptErrors: $0.acceptErrors, spentAlpha: $0.spentAlpha)
            }
            let statement =
                "A lane is accepted at the first look where its errors are within the look's threshold and rejected once it has more "
                + "than \(stopping.maximumErrors) error(s) or no look can accept it. A lane whose true BER equals "
                + "\(String(format: "%g", stopping.targetBER)) is accepted with probability \(String(format: "%.6f", gate.acceptanceAtTarget)) "
                + "(exact, Poisson over the looks), at most 1 − \(String(format: "%g", stopping.confidence)); counters read at or after a "
                + "look can only lower it. At BER = \(String(format: "%g", stopping.targetBER / 10)) it is accepted with probability "
                + "\(String(format: "%.6f", gate.acceptanceAtTenthOfTarget)). Time without lock never counts: on_sync_loss \(gate.onSyncLoss)."
            return CertificateDocument.BERGateLimit(
                step: gate.step, celsius: gate.celsius, pattern: gate.pattern, inverted: gate.inverted, targetBER: stopping.targetBER,
                confidence: stopping.confidence, plan: stopping.kind.rawValue, looks: looks, maximumErrors: stopping.maximumErrors,
                maximumSeconds: gate.maximumSeconds, pollSeconds: gate.pollSeconds, onSyncLoss: gate.onSyncLoss,
                acceptanceAtTarget: gate.acceptanceAtTarget, acceptanceAtTenthOfTarget: gate.acceptanceAtTenthOfTarget, statement: statement)
        }
        return CertificateDocument.Limits(
            berGates: gates,
            opticalPower: parameters.opticalPower,
            retention: criteria.retention.map {
                CertificateDocument.RetentionLimit(
                    atCelsius: $0.atCelsius, referenceCelsius: $0.referenceCelsius, minimumFraction: $0.minimumFraction)
            },
            energyPerBit: parameters.energyPerBit,
            burnInDrift: parameters.burnInDrift)
    }

    private static func criterion(_ result: CriterionResult) -> CertificateDocument.Criterion {
        CertificateDocument.Criterion(
            name: result.name, measured: finite(result.measured), limit: finite(result.limit), unit: result.unit,
            uncertainty: finite(result.uncertainty), rule: result.decisionRule, verdict: result.verdict,
            detail: result.detail)
    }

    // MARK: Lanes

    private static func lanes(assessment: Assessment, plan: Plan, remap: [CertificateDocument.Remap])
        -> [CertificateDocument.Lane]
    {
        let steps = Dictionary(plan.steps.map { ($0.index, $0) }, uniquingKeysWith: { first, _ in first })
        var partner: [Int: Int] = [:]
        for entry in remap {
            partner[entry.active] = entry.spare
            partner[entry.spare] = entry.active
        }
        return assessment.lanes.map { lane in
            let power = lane.powerByStep.compactMap { key, watts -> CertificateDocument.LanePower? in
                // Keys are the indices of plan steps (VerdictEngine writes them from the plan).
                guard let index = Int(key), let step = steps[index] else { return nil }
                return CertificateDocument.LanePower(step: index, celsius: step.celsius, watts: finite(watts))
            }
            .sorted { $0.step < $1.step }
            let ber = lane.ber.map { evidence in
                CertificateDocument.LaneBER(
                    step: evidence.step, celsius: evidence.celsius, comparedBits: finite(evidence.comparedBits),
                    errors: finite(evidence.errors), decision: evidence.decision, lockLosses: evidence.lockLosses,
                    restarts: evidence.restarts, targetBER: evidence.targetBER, meetsTarget: evidence.meetsTarget)
            }
            let drift = lane.burnIn.flatMap { series -> CertificateDocument.LaneDrift? in
                guard series.count >= 2 else { return nil }
                let relative = series.relativeDrift
                return CertificateDocument.LaneDrift(
                    percentPer1000Hours: finite(relative?.percentPer1000Hours),
                    uncertaintyPercentPer1000Hours: finite(relative?.uncertaintyPercentPer1000Hours),
                    changePercent: finite(relative?.changePercent), readPoints: series.count,
                    firstWatts: finite(series.firstWatts), lastWatts: finite(series.lastWatts),
                    minimumWatts: finite(series.minimum?.watts), maximumWatts: finite(series.maximum?.watts))
            }
            return CertificateDocument.Lane(
                lane: lane.lane, role: lane.role, verdict: laneVerdict(lane), power: power, ber: ber, drift: drift,
                failures: lane.failures, warnings: lane.warnings, remappedWith: partner[lane.lane])
        }
    }

    /// A lane's verdict: FAIL when it missed a criterion, PASS when it has evidence and missed none, INCOMPLETE
    /// when the run holds no evidence for it at all.
    static func laneVerdict(_ lane: LaneResult) -> Verdict {
        let hasEvidence = !lane.powerByStep.isEmpty || !lane.ber.isEmpty || lane.burnIn != nil
        return !lane.passed ? .fail : (hasEvidence ? .pass : .incomplete)
    }

    // MARK: Numbers

    static func finite(_ value: Double?) -> Double? {
        guard let value, value.isFinite else { return nil }
        return value
    }

    static func mean(_ values: [Double]) -> Double? {
        values.isEmpty ? nil : values.reduce(0, +) / Double(values.count)
    }

    static func format(_ value: Double) -> String {
        value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : String(value)
    }
}
