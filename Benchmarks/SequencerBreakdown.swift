import LinkStatistics
import Qualification
import StationConfiguration

/// Where a run's time went: what it asked of the instruments, and each step's station time against its bound.
enum SequencerBreakdown {
    /// Modbus transactions per chamber sample, by driver (temperatures, setpoint, alarm input).
    static let modbusTransactionsPerSample = ["watlow-f4": 3]

    /// What the run asked of the instruments.
    static func traffic(_ result: QualificationRun.Result, plan: Plan) -> String {
        let counts = result.measurementCounts
        let samples = counts["air_temperature", default: 0]
        var text = "I/O per run: \(samples) chamber samples"
        if let chamber = plan.station.instrument(.chamber), let perSample = modbusTransactionsPerSample[chamber.driver] {
            // The simulated chamber is on a pseudo-terminal, where no inter-frame gap is kept.
            text += " (\(chamber.driver): \(perSample) Modbus transactions each, \(samples * perSample) in all)"
        }
        return text + ", \(counts["optical_power", default: 0]) optical power reads (switch route + meter query), "
            + "\(counts["line_rate", default: 0]) BERT counter reads, \(counts["supply_current", default: 0]) supply "
            + "reads; CPU \(format(result.cpuSeconds)) s of \(format(result.wallSeconds)) s wall"
    }

    /// One line per step: station time (and the BER gate's share) against the step's bound. A burn-in's later read
    /// points are summarised in one line.
    static func steps(_ result: QualificationRun.Result, bound: ScheduleBound) -> [String] {
        var gates: [Int: Double] = [:]
        for event in result.events where event.kind == "gate" {
            guard let step = event.stepIndex,
                let seconds = event.message.split(separator: " ").compactMap({ Double($0) }).first
            else { continue }
            gates[step] = seconds
        }
        var lines: [String] = []
        var readPoints: [(actual: Double, bound: Double)] = []
        for step in result.steps.sorted(by: { $0.index < $1.index }) {
            guard let started = step.startedAt, let ended = step.endedAt, step.index < bound.steps.count else {
                continue
            }
            let actual = ended.timeIntervalSince(started)
            let share = bound.steps[step.index]
            if step.kind == "burn-in-read-point" && share.soakSeconds == 0 {
                readPoints.append((actual, share.boundSeconds))
                continue
            }
            let gate = gates[step.index].map { ", of which the BER gate \(format($0)) s" } ?? ""
            lines.append(
                "step \(step.index + 1) \(step.name): \(format(actual)) s\(gate); "
                    + "bound \(format(share.boundSeconds)) s (ramp \(format(share.rampSeconds)) + "
                    + "stability \(format(share.soakSeconds)) + measure \(format(share.measureSeconds))), "
                    + "over by \(format(actual - share.boundSeconds)) s")
        }
        if !readPoints.isEmpty {
            let actual = readPoints.reduce(0) { $0 + $1.actual }
            let nominal = readPoints.reduce(0) { $0 + $1.bound }
            lines.append(
                "\(readPoints.count) later read points: \(format(actual)) s against \(format(nominal)) s nominal, "
                    + "\(format((actual - nominal) / Double(readPoints.count))) s late per read point on average")
        }
        return lines
    }

    /// Per gated step, the gate time the DUT's own errors demanded: the longest, over the lanes that can meet the
    /// target within the gate's maximum, of the bits the lane's final error count requires at the gate's
    /// confidence and target, at the line rate, s. A lane that cannot meet the target is decided at once and
    /// demands nothing.
    static func demandedGateSeconds(_ result: QualificationRun.Result, plan: Plan) throws -> [Int: Double] {
        let lineRate = plan.profile.dut.lineRateGbps * 1e9
        var demanded: [Int: Double] = [:]
        for step in plan.steps {
            guard case .temperaturePoint(let point) = step.action, point.measure.ber,
                let lanes = result.finalErrors[step.index]
            else { continue }
            demanded[step.index] = try lanes.values.compactMap { count -> Double? in
                guard let errors = Int(exactly: count.rounded()) else { return nil }
                let seconds = try BERStatistics.requiredBits(
                    errors: errors, confidence: point.gate.confidence, targetBER: point.gate.targetBER) / lineRate
                return seconds <= point.gate.maximumSeconds ? seconds : nil
            }.max() ?? 0
        }
        return demanded
    }

    /// Seconds for a note: whole above 100, one decimal below.
    static func format(_ value: Double) -> String {
        abs(value) >= 100 ? String(Int(value.rounded())) : String(format: "%.1f", value)
    }
}
