import BenchModel
import Foundation
import LinkStatistics
import StationConfiguration

/// The BER gate plans against a Monte Carlo of the gate as the sequencer runs it: lanes at BER = target and at
/// target/10 whose errors arrive as Poisson increments between the points of the plan's poll schedule, judged by
/// the plan's own `decide` at every point. The simulated acceptance must agree with the plan's exact figure
/// within a few standard errors, and at the target stay at or below 1 − confidence.
enum GateBenchmark {
    /// What to run.
    struct Settings: Sendable {
        /// The directory holding `profiles/`.
        var root: String
        /// Simulated lanes per gate and BER.
        var lanes: Int
        /// The seed of every simulated error count.
        var seed: UInt64 = 20_261_206
    }

    /// One gate as a profile sets it.
    struct Gate: Sendable {
        /// Name printed before each figure.
        var name: String
        /// The profile's `ber_gate`.
        var gate: BERGate
        /// The DUT's line rate, bit/s.
        var lineRate: Double

        /// The gate's cap in compared bits.
        var maximumBits: Double { gate.maximumSeconds * lineRate }
        /// Compared bits between two polls.
        var pollBits: Double { gate.pollSeconds * lineRate }
    }

    /// The gates measured: cpo-qualification's, quick-check's, and cpo-qualification's with a 6000 s maximum
    /// (long enough for all three looks of the default plan).
    static func gates(root: String) throws -> [Gate] {
        let cpo = try gate(profile: "cpo-qualification", root: root)
        var long = cpo
        long.name = "cpo-qualification-6000s"
        long.gate.maximumSeconds = 6000
        return [cpo, try gate(profile: "quick-check", root: root), long]
    }

    /// The first BER gate of a profile, with its DUT's line rate.
    private static func gate(profile name: String, root: String) throws -> Gate {
        let profile = try Profile.load(path: root + "/profiles/\(name).yaml")
        for item in profile.sequence {
            if case .point(let point) = item, point.measure.ber {
                return Gate(name: name, gate: point.gate, lineRate: profile.dut.lineRateGbps * 1e9)
            }
        }
        throw BenchmarkError("\(name) has no temperature point with a BER gate")
    }

    /// Runs the measurements and prints the figures.
    static func run(_ settings: Settings, output: BenchmarkOutput) throws {
        let random = SeededRandom(seed: settings.seed)
        for (index, gate) in try gates(root: settings.root).enumerated() {
            let plan: GatePlan
            do {
                plan = try GatePlan.standard(
                    targetBER: gate.gate.targetBER, confidence: gate.gate.confidence, maximumBits: gate.maximumBits)
            } catch {
                throw BenchmarkError("\(gate.name): \(error)")
            }
            let schedule = plan.pollSchedule(pollBits: gate.pollBits)
            var lines: [String] = []
            let seconds = BenchMath.time {
                for (berIndex, ber) in [plan.targetBER, plan.targetBER / 10].enumerated() {
                    let accepted = simulate(
                        plan: plan, schedule: schedule, ber: ber, lanes: settings.lanes,
                        random: random.child(UInt64(index), UInt64(berIndex)))
                    let fraction = Double(accepted) / Double(settings.lanes)
                    let error = (fraction * (1 - fraction) / Double(settings.lanes)).squareRoot()
                    let exact = plan.acceptanceProbability(ber: ber)
                    let what = berIndex == 0 ? "gate false acceptance at target BER" : "gate acceptance at target/10"
                    lines.append(
                        "\(gate.name): \(what): " + String(format: "%.5f ± %.5f, exact: %.6f", fraction, error, exact)
                            + String(format: " (%+.1f SE)", error > 0 ? (fraction - exact) / error : 0))
                }
            }
            lines.append("\(gate.name): gate clean-lane time / zero-error time: " + String(format: "%.4f", plan.cleanLaneTimeRatio))
            lines.forEach(output.line)
            for line in plan.describe(lineRate: gate.lineRate) {
                output.note("\(gate.name): \(line)")
            }
            output.note(
                "\(gate.name): \(settings.lanes) lanes × 2 BERs, \(schedule.count) poll points up to the last look, "
                    + String(format: "%.2f s", seconds))
        }
    }

    /// How many of `lanes` simulated lanes at `ber` the plan accepts, reading counters at `schedule`.
    static func simulate(plan: GatePlan, schedule: [Double], ber: Double, lanes: Int, random: SeededRandom) -> Int {
        var accepted = 0
        for lane in 0..<lanes {
            let noise = random.child(UInt64(lane))
            var errors = 0
            var previous = 0.0
            for (index, point) in schedule.enumerated() {
                errors += Int(clamping: noise.poisson(mean: ber * (point - previous), UInt64(index)))
                previous = point
                let decision = plan.decide(comparedBits: point, errors: errors, finished: index == schedule.count - 1)
                if case .accept = decision { accepted += 1 }
                if decision.isDecided { break }
            }
        }
        return accepted
    }
}
