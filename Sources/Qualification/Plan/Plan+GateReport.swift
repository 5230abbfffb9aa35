import Foundation
import LinkStatistics
import StationConfiguration

extension Plan {
    /// Every distinct BER gate of the plan in words, for `qualstation validate`: the steps it runs at, its stopping
    /// plan's looks and thresholds, the exact P(accept) at the target and at a tenth of it, and a clean lane's gate
    /// time against the zero-error plan's.
    public func gateReport() -> [String] {
        let lineRate = profile.dut.lineRateGbps * 1e9
        var gates: [(gate: BERGate, steps: [String])] = []
        for step in steps {
            guard case .temperaturePoint(let point) = step.action, point.measure.ber else { continue }
            if let index = gates.firstIndex(where: { $0.gate == point.gate }) {
                gates[index].steps.append(step.name)
            } else {
                gates.append((point.gate, [step.name]))
            }
        }
        var lines: [String] = []
        for (gate, names) in gates {
            let target = String(format: "%g", gate.targetBER)
            lines.append(
                "BER gate at \(names.joined(separator: ", ")): \(gate.stopping.name) plan proving BER ≤ \(target) at "
                    + "\(PlanStep.format(gate.confidence * 100)) %, maximum \(PlanStep.format(gate.maximumSeconds)) s, poll "
                    + "\(PlanStep.format(gate.pollSeconds)) s, on_sync_loss \(gate.onSyncLoss.rawValue)")
            let plan: GatePlan
            do {
                plan = try gate.stoppingPlan(lineRate: lineRate)
            } catch {
                lines.append("  cannot be built: \(error)")
                continue
            }
            for (index, look) in plan.looks.enumerated() {
                lines.append(
                    "  look \(index): \(String(format: "%.4e", look.bits)) bits (\(String(format: "%.1f", look.bits / lineRate)) s): "
                        + "accept with ≤ \(look.acceptErrors) error(s); P(accepted here | BER = \(target)) = \(String(format: "%.6f", look.spentAlpha))")
            }
            lines.append("  more than \(plan.maximumErrors) error(s) reject a lane at once")
            let atTarget = plan.acceptanceProbability(ber: gate.targetBER)
            let atTenth = plan.acceptanceProbability(ber: gate.targetBER / 10)
            lines.append(
                "  P(accept | BER = \(target)) = \(String(format: "%.6f", atTarget)) (false acceptance, ≤ \(String(format: "%g", 1 - gate.confidence))); "
                    + "P(accept | BER = \(String(format: "%g", gate.targetBER / 10))) = \(String(format: "%.6f", atTenth))")
            let zeroError = -log(1 - gate.confidence) / gate.targetBER / lineRate
            let clean = (plan.looks.first?.bits ?? 0) / lineRate
            lines.append(
                "  a clean lane is accepted after \(String(format: "%.1f", clean)) s (zero-error plan: \(String(format: "%.1f", zeroError)) s, "
                    + "ratio \(String(format: "%.3f", clean / zeroError)))")
        }
        return lines
    }
}
