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
            lines.append(
                "BER gate at \(names.joined(separator: ", ")): \(gate.pattern.rawValue), maximum \(PlanStep.format(gate.maximumSeconds)) s, "
                    + "polled every \(PlanStep.format(gate.pollSeconds)) s and at every look, on_sync_loss \(gate.onSyncLoss.rawValue)")
            do {
                lines += try gate.stoppingPlan(lineRate: lineRate).describe(lineRate: lineRate).map { "  " + $0 }
            } catch {
                lines.append("  cannot be built: \(error.description(lineRate: lineRate))")
            }
        }
        return lines
    }
}
