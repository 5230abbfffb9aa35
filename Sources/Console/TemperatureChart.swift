import Foundation

/// The chamber air and DUT temperature chart as inline SVG: two polylines over station time, with the range in
/// the corner labels. The live script redraws it the same way from the stream's JSON.
enum TemperatureChart {
    static let width = 720.0
    static let height = 240.0

    static func svg(_ points: [TemperaturePoint]) -> String {
        let values = points.flatMap { [$0.airCelsius, $0.dutCelsius].compactMap { $0 } }.filter(\.isFinite)
        guard let first = points.first?.time, let last = points.last?.time, let low = values.min(), let high = values.max() else {
            return "<svg id=\"chart\" width=\"\(Int(width))\" height=\"\(Int(height))\" role=\"img\" aria-label=\"no temperature readings yet\">"
                + "<text x=\"10\" y=\"20\">no temperature readings yet</text></svg>"
        }
        let span = max(last.timeIntervalSince(first), 1)
        let bottom = low - 1
        let range = max(high + 1 - bottom, 1)
        func line(_ value: (TemperaturePoint) -> Double?) -> String {
            points.compactMap { point -> String? in
                guard let v = value(point), v.isFinite else { return nil }
                let x = point.time.timeIntervalSince(first) / span * (width - 60) + 50
                let y = height - 20 - (v - bottom) / range * (height - 40)
                return String(format: "%.1f,%.1f", x, y)
            }.joined(separator: " ")
        }
        return """
            <svg id="chart" width="\(Int(width))" height="\(Int(height))" viewBox="0 0 \(Int(width)) \(Int(height))" role="img" aria-label="chamber air and DUT temperature">
            <rect x="50" y="20" width="\(Int(width - 60))" height="\(Int(height - 40))" fill="#fff" stroke="#ccd"/>
            <text id="chart-high" x="4" y="26" font-size="11">\(String(format: "%.1f", high + 1))</text><text id="chart-low" x="4" y="\(Int(height - 20))" font-size="11">\(String(format: "%.1f", bottom))</text>
            <polyline id="air-line" fill="none" stroke="#1f77b4" stroke-width="1.5" points="\(line(\.airCelsius))"/>
            <polyline id="dut-line" fill="none" stroke="#d62728" stroke-width="1.5" points="\(line(\.dutCelsius))"/>
            <text x="60" y="14" font-size="11" fill="#1f77b4">chamber air</text><text x="150" y="14" font-size="11" fill="#d62728">DUT</text>
            </svg>
            """
    }
}
