/// One printed benchmark result: `name: value unit`.
///
/// Benchmarks print figures and never fail on speed; a reader compares ratios measured side by side in one run.
struct BenchmarkFigure: Sendable {
    /// What was measured, e.g. `prbs31 checker throughput`.
    var name: String
    /// The figure itself, usually a median over repetitions.
    var value: Double
    /// The unit, e.g. `Gbit/s`.
    var unit: String

    /// The line the benchmark prints.
    var line: String {
        let formatted = value >= 100 ? String(Int(value.rounded())) : String(format: "%.3g", value)
        return "\(name): \(formatted) \(unit)"
    }
}
