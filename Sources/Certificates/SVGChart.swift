import Foundation

/// A hand-written SVG x/y chart: a plot area with axes, ticks, labels and the primitives the certificate's
/// figures are drawn with. Values outside the ranges are clamped to the plot area.
struct SVGChart {
    /// A tick position and its label.
    typealias Tick = (value: Double, label: String)

    var width: Double = 900
    var height: Double = 300
    var left: Double = 72
    var right: Double = 150
    var top: Double = 16
    var bottom: Double = 46
    /// Range of x values.
    var xRange: ClosedRange<Double>
    /// Range of y values (log10 of the value when `yLogarithmic`).
    var yRange: ClosedRange<Double>
    /// Whether y values are given as values and drawn on a log10 scale.
    var yLogarithmic = false
    var xLabel: String
    var yLabel: String

    var plotWidth: Double { width - left - right }
    var plotHeight: Double { height - top - bottom }

    /// Horizontal position of `value`.
    func x(_ value: Double) -> Double {
        let span = xRange.upperBound - xRange.lowerBound
        let fraction = span > 0 ? (value - xRange.lowerBound) / span : 0.5
        return left + min(max(fraction, 0), 1) * plotWidth
    }

    /// Vertical position of `value` (a value, taken as log10 when `yLogarithmic`).
    func y(_ value: Double) -> Double {
        let scaled = yLogarithmic ? log10(max(value, 1e-300)) : value
        let span = yRange.upperBound - yRange.lowerBound
        let fraction = span > 0 ? (scaled - yRange.lowerBound) / span : 0.5
        return top + (1 - min(max(fraction, 0), 1)) * plotHeight
    }

    /// The opening tag with the figure's accessible name.
    func open(label: String, cssClass: String) -> String {
        "<svg class=\"chart \(cssClass)\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" "
            + "role=\"img\" aria-label=\"\(HTMLText.escape(label))\">"
    }

    /// The frame, grid lines, ticks and axis labels.
    func axes(xTicks: [Tick], yTicks: [Tick]) -> String {
        var parts: [String] = []
        parts.append(
            "<rect class=\"plot-area\" x=\"\(c(left))\" y=\"\(c(top))\" width=\"\(c(plotWidth))\" height=\"\(c(plotHeight))\"/>"
        )
        for tick in xTicks {
            let px = x(tick.value)
            parts.append(
                "<line class=\"grid\" x1=\"\(c(px))\" y1=\"\(c(top))\" x2=\"\(c(px))\" y2=\"\(c(top + plotHeight))\"/>")
            parts.append(
                "<text class=\"tick\" x=\"\(c(px))\" y=\"\(c(top + plotHeight + 15))\" text-anchor=\"middle\">"
                    + HTMLText.escape(tick.label) + "</text>")
        }
        for tick in yTicks {
            let py = y(yLogarithmic ? pow(10, tick.value) : tick.value)
            parts.append(
                "<line class=\"grid\" x1=\"\(c(left))\" y1=\"\(c(py))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(py))\"/>"
            )
            parts.append(
                "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(py + 4))\" text-anchor=\"end\">"
                    + HTMLText.escape(tick.label) + "</text>")
        }
        parts.append(
            "<text class=\"axis-label\" x=\"\(c(left + plotWidth / 2))\" y=\"\(c(height - 8))\" text-anchor=\"middle\">"
                + HTMLText.escape(xLabel) + "</text>")
        parts.append(
            "<text class=\"axis-label\" transform=\"translate(16 \(c(top + plotHeight / 2))) rotate(-90)\" "
                + "text-anchor=\"middle\">" + HTMLText.escape(yLabel) + "</text>")
        return parts.joined(separator: "\n")
    }

    /// A polyline through `points` (in data units); gaps where a point is nil.
    func path(_ points: [(Double, Double?)], cssClass: String) -> String {
        var commands: [String] = []
        var penDown = false
        for (xValue, yValue) in points {
            guard let yValue, yValue.isFinite, xValue.isFinite else {
                penDown = false
                continue
            }
            commands.append((penDown ? "L" : "M") + c(x(xValue)) + " " + c(y(yValue)))
            penDown = true
        }
        guard !commands.isEmpty else { return "" }
        return "<path class=\"\(cssClass)\" d=\"\(commands.joined(separator: " "))\"/>"
    }

    /// A dot at a data point with a tooltip.
    func dot(_ xValue: Double, _ yValue: Double, radius: Double, cssClass: String, title: String) -> String {
        "<circle class=\"\(cssClass)\" cx=\"\(c(x(xValue)))\" cy=\"\(c(y(yValue)))\" r=\"\(c(radius))\">"
            + "<title>\(HTMLText.escape(title))</title></circle>"
    }

    /// A horizontal limit line across the plot; `label`, when given, sits just above its right end.
    func horizontalLine(at value: Double, cssClass: String, label: String?) -> String {
        let py = y(value)
        var text =
            "<line class=\"\(cssClass)\" x1=\"\(c(left))\" y1=\"\(c(py))\" x2=\"\(c(left + plotWidth))\" y2=\"\(c(py))\"/>"
        if let label {
            let below = py - top < 14
            text +=
                "<text class=\"limit-label\" x=\"\(c(left + plotWidth - 4))\" y=\"\(c(below ? py + 13 : py - 4))\" "
                + "text-anchor=\"end\">\(HTMLText.escape(label))</text>"
        }
        return text
    }

    /// A vertical marker line at `value` with a short label above the plot area.
    func verticalMarker(at value: Double, cssClass: String, label: String?, title: String) -> String {
        let px = x(value)
        var text =
            "<line class=\"\(cssClass)\" x1=\"\(c(px))\" y1=\"\(c(top))\" x2=\"\(c(px))\" y2=\"\(c(top + plotHeight))\">"
            + "<title>\(HTMLText.escape(title))</title></line>"
        if let label {
            text +=
                "<text class=\"marker-label\" x=\"\(c(px + 2))\" y=\"\(c(top + 10))\">\(HTMLText.escape(label))</text>"
        }
        return text
    }

    /// A legend entry in the right margin, `row` counting from the top.
    func legend(row: Int, cssClass: String, label: String) -> String {
        let ly = top + 8 + Double(row) * 16
        let lx = left + plotWidth + 10
        return "<line class=\"\(cssClass)\" x1=\"\(c(lx))\" y1=\"\(c(ly))\" x2=\"\(c(lx + 18))\" y2=\"\(c(ly))\"/>"
            + "<text class=\"legend\" x=\"\(c(lx + 24))\" y=\"\(c(ly + 4))\">\(HTMLText.escape(label))</text>"
    }

    /// About `count` round tick values covering `range` (steps of 1, 2 or 5 × 10ⁿ).
    static func niceTicks(
        _ range: ClosedRange<Double>, count: Int = 6, format: (Double) -> String = { HTMLText.number($0) }
    )
        -> [Tick]
    {
        let span = range.upperBound - range.lowerBound
        guard span > 0, span.isFinite else { return [(range.lowerBound, format(range.lowerBound))] }
        let raw = span / Double(max(count, 1))
        let magnitude = pow(10, (log10(raw)).rounded(.down))
        let candidates = [1.0, 2, 5, 10].map { $0 * magnitude }
        let step = candidates.min { abs(span / $0 - Double(count)) < abs(span / $1 - Double(count)) } ?? magnitude
        var ticks: [Tick] = []
        var value = (range.lowerBound / step).rounded(.up) * step
        while value <= range.upperBound + step * 1e-9 {
            let clean = abs(value) < step * 1e-9 ? 0 : value
            ticks.append((clean, format(clean)))
            value += step
        }
        return ticks
    }

    /// A range widened by `fraction` of its span on each side (or by 1 when it is a single value).
    static func padded(_ low: Double, _ high: Double, fraction: Double = 0.08) -> ClosedRange<Double> {
        guard low.isFinite, high.isFinite else { return 0...1 }
        let span = high - low
        if span <= 0 { return (low - 1)...(high + 1) }
        return (low - span * fraction)...(high + span * fraction)
    }

    private func c(_ value: Double) -> String { HTMLText.coordinate(value) }
}
