import Foundation
import LinkStatistics
import StationConfiguration

/// The BER criterion: each lane's gate decision recomputed from its counts and the step's stopping plan.
extension Judgement {
    // MARK: BER

    /// Lanes failing a gate, or nil when the plan gates no BER.
    mutating func judgeBER() -> Set<Int>? {
        let gates = parameters.gates.filter { step($0.step)?.complete == true }
        guard !parameters.gates.isEmpty else { return nil }
        var failing: Set<Int> = []
        let byLane = Dictionary(inputs.evidence.lanes.map { ($0.lane, $0) }, uniquingKeysWith: { first, _ in first })
        var missing: [String: Int] = [:]
        for gate in gates {
            for index in lanes.indices {
                guard let evidence = byLane[index]?.gates.first(where: { $0.step == gate.step }) else {
                    missing[stepName(gate.step), default: 0] += 1
                    continue
                }
                let decision = gate.plan.decide(comparedBits: evidence.comparedBits, errors: Int(clamping: Int64(evidence.errors)), finished: true)
                let accepted: Bool
                if case .accept = decision { accepted = true } else { accepted = false }
                let forgiven = gate.onSyncLoss == SyncLossPolicy.restartOnce.rawValue ? 1 : 0
                let lockKept = evidence.lockLosses <= forgiven && evidence.restarts <= forgiven
                let passed = accepted && lockKept
                lanes[index].ber.append(
                    LaneBEREvidence(
                        step: gate.step, celsius: gate.celsius, comparedBits: evidence.comparedBits, errors: evidence.errors,
                        decision: accepted ? "accept" : "reject", lockLosses: evidence.lockLosses, restarts: evidence.restarts,
                        targetBER: gate.plan.targetBER, meetsTarget: passed))
                guard !passed else { continue }
                failing.insert(index)
                let name = stepName(gate.step)
                if !lockKept {
                    lanes[index].failures.append(
                        evidence.lockLosses > 0 && evidence.comparedBits == 0 && evidence.restarts == 0
                            ? "BER gate at \(name): no lock"
                            : "BER gate at \(name): lost lock \(evidence.lockLosses) time(s) (on_sync_loss: \(gate.onSyncLoss))")
                } else {
                    lanes[index].failures.append(
                        "BER gate at \(name): not accepted, \(Self.count(evidence.errors)) error(s) in \(Self.scientific(evidence.comparedBits)) bits "
                            + "(\(gate.plan.kind.rawValue) plan: \(Self.lookText(gate.plan)))")
                }
            }
        }
        for (name, count) in missing.sorted(by: { $0.key < $1.key }) {
            incomplete.append("missing evidence: \(count) lane(s) without a BER gate decision at \(name)")
        }
        return failing
    }

    func berCriterion(_ failing: Set<Int>, counted: Set<Int>) -> CriterionResult {
        let countedFailing = failing.intersection(counted)
        let plans = parameters.gates.map(\.plan)
        let worstAcceptance = parameters.gates.map(\.acceptanceAtTarget).max() ?? 0
        let target = plans.map(\.targetBER).min() ?? 0
        let kinds = Set(plans.map(\.kind.rawValue)).sorted().joined(separator: ", ")
        return CriterionResult(
            name: "BER per lane", measured: Double(countedFailing.count), limit: 0, unit: "counted lanes not accepted",
            uncertainty: nil,
            decisionRule: "sequential \(kinds) gate: a lane is accepted at a look when its errors are within the look's threshold; "
                + "P(accept | BER = \(Self.scientific(target))) ≤ \(String(format: "%.4f", worstAcceptance)) at every gated step",
            verdict: countedFailing.isEmpty ? .pass : .fail,
            detail: countedFailing.isEmpty
                ? "every counted lane accepted at every gated step" + (failing.isEmpty ? "" : "; \(failing.count) lane(s) not accepted, all replaced by spares: \(Self.laneList(Array(failing)))")
                : "\(countedFailing.count) counted lane(s) not accepted and not replaced by a spare: \(Self.laneList(Array(countedFailing)))")
    }
}
