import Foundation

extension CertificateHTML {
    /// Lanes drawn individually in the optical power figure: those with the lowest relative power.
    static let worstLaneCount = 5

    /// Optical power against temperature, relative to each lane's power at the reference temperature: the
    /// median lane, the worst lanes, and the retention limits.
    static func powerFigure(_ document: CertificateDocument) -> String {
        let temperatureSteps = Dictionary(
            document.environment.filter { $0.kind == "temperature-point" }.map { ($0.index, $0) },
            uniquingKeysWith: { first, _ in first })
        var powerByLane: [Int: [Int: Double]] = [:]
        for lane in document.lanes {
            for entry in lane.power where temperatureSteps[entry.step] != nil {
                if let watts = entry.watts, watts > 0 { powerByLane[lane.lane, default: [:]][entry.step] = watts }
            }
        }
        let measuredSteps = Set(powerByLane.values.flatMap(\.keys))
        let ordered = measuredSteps.compactMap { temperatureSteps[$0] }.sorted {
            ($0.setpointCelsius, $0.index) < ($1.setpointCelsius, $1.index)
        }
        guard !ordered.isEmpty else {
            return "<figure><p class=\"note\">No optical power was measured at a temperature point.</p></figure>"
        }
        let referenceCelsius = document.limits.retention.first?.referenceCelsius
        let reference =
            ordered.filter { $0.setpointCelsius == referenceCelsius }.min { $0.index < $1.index }
            ?? ordered.min { $0.index < $1.index }
        guard let reference else { return "" }
        var relative: [Int: [Int: Double]] = [:]
        for (lane, steps) in powerByLane {
            guard let base = steps[reference.index] else { continue }
            relative[lane] = steps.mapValues { $0 / base * 100 }
        }
        let median = ordered.map { step in
            (
                step, median: Self.median(relative.values.compactMap { $0[step.index] }),
                watts: Self.median(powerByLane.values.compactMap { $0[step.index] })
            )
        }
        let worst = relative.map { lane, values in (lane, values.values.min() ?? 100) }
            .sorted { ($0.1, $0.0) < ($1.1, $1.0) }
            .prefix(worstLaneCount)
        let limits = document.limits.retention.map { $0.minimumFraction * 100 }
        let values = relative.values.flatMap(\.values) + limits
        let yRange = SVGChart.padded(values.min() ?? 90, values.max() ?? 110)
        let xRange = SVGChart.padded(
            ordered.first?.setpointCelsius ?? 0, ordered.last?.setpointCelsius ?? 1, fraction: 0.06)
        let chart = SVGChart(
            xRange: xRange, yRange: yRange, xLabel: "temperature, °C",
            yLabel: "power, % of \(HTMLText.number(reference.setpointCelsius)) °C")
        var svg = [
            chart.open(label: "optical power against temperature", cssClass: "power"),
            chart.axes(xTicks: SVGChart.niceTicks(xRange), yTicks: SVGChart.niceTicks(yRange)),
        ]
        for retention in document.limits.retention {
            svg.append(
                chart.horizontalLine(
                    at: retention.minimumFraction * 100, cssClass: "limit",
                    label:
                        "≥ \(HTMLText.number(retention.minimumFraction * 100)) % at \(HTMLText.number(retention.atCelsius)) °C"
                ))
        }
        for (lane, _) in worst {
            guard let values = relative[lane] else { continue }
            let points = ordered.map { ($0.setpointCelsius, values[$0.index]) }
            svg.append(chart.path(points, cssClass: "series-worst"))
            for step in ordered {
                guard let value = values[step.index] else { continue }
                svg.append(
                    chart.dot(
                        step.setpointCelsius, value, radius: 2.2, cssClass: "series-worst",
                        title: "lane \(lane) at \(step.name): \(HTMLText.fixed(value, 1)) % "
                            + "(\(HTMLText.number((powerByLane[lane]?[step.index] ?? 0) * 1e6)) µW)"))
            }
        }
        svg.append(chart.path(median.map { ($0.0.setpointCelsius, $0.median) }, cssClass: "series-median"))
        for point in median {
            guard let value = point.median else { continue }
            svg.append(
                chart.dot(
                    point.0.setpointCelsius, value, radius: 3.5, cssClass: "series-median",
                    title: "median at \(point.0.name): \(HTMLText.fixed(value, 1)) % (median power "
                        + "\(HTMLText.number((point.watts ?? 0) * 1e6)) µW)"))
        }
        svg.append(chart.legend(row: 0, cssClass: "series-median", label: "median lane"))
        svg.append(chart.legend(row: 1, cssClass: "series-worst", label: "worst \(worst.count) lanes"))
        if !limits.isEmpty { svg.append(chart.legend(row: 2, cssClass: "limit", label: "retention limit")) }
        svg.append("</svg>")
        let caption =
            "<figcaption><b>Optical power against temperature.</b> Each lane relative to its own power at "
            + "\(HTMLText.escape(reference.name)); median of all lanes and the lowest lanes ("
            + worst.map { String($0.0) }.joined(separator: ", ")
            + "). Hover a point for the absolute power.</figcaption>"
        return "<figure>\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }

    /// Energy per bit at each measured temperature, with its expanded uncertainty, against the limit.
    static func energyFigure(_ document: CertificateDocument) -> String {
        let points = document.environment.compactMap { step in step.picojoulesPerBit.map { (step, $0) } }
            .sorted { ($0.0.setpointCelsius, $0.0.index) < ($1.0.setpointCelsius, $1.0.index) }
        guard !points.isEmpty else {
            return
                "<figure><p class=\"note\">No supply power was measured, so there is no energy-per-bit figure.</p></figure>"
        }
        let uncertainty = { (step: CertificateDocument.EnvironmentStep) in
            document.criteria.first { $0.name == "energy per bit at \(step.name)" }?.uncertainty ?? 0
        }
        let limit = document.limits.energyPerBit?.maximumPicojoulesPerBit
        let lows = points.map { $0.1 - uncertainty($0.0) }
        let highs = points.map { $0.1 + uncertainty($0.0) } + (limit.map { [$0] } ?? [])
        let yRange = SVGChart.padded(min(lows.min() ?? 0, limit ?? .infinity), highs.max() ?? 1)
        let xRange = SVGChart.padded(
            points.first?.0.setpointCelsius ?? 0, points.last?.0.setpointCelsius ?? 1, fraction: 0.06)
        let chart = SVGChart(
            xRange: xRange, yRange: yRange, xLabel: "temperature, °C", yLabel: "energy per bit, pJ/bit")
        var svg = [
            chart.open(label: "energy per bit against temperature", cssClass: "energy"),
            chart.axes(xTicks: SVGChart.niceTicks(xRange), yTicks: SVGChart.niceTicks(yRange)),
        ]
        if let limit {
            svg.append(
                chart.horizontalLine(at: limit, cssClass: "limit", label: "limit \(HTMLText.number(limit)) pJ/bit"))
        }
        svg.append(chart.path(points.map { ($0.0.setpointCelsius, $0.1) }, cssClass: "series-energy"))
        let c = HTMLText.coordinate
        for (step, energy) in points {
            let u = uncertainty(step)
            if u > 0 {
                let px = chart.x(step.setpointCelsius)
                svg.append(
                    "<path class=\"error-bar\" d=\"M\(c(px)) \(c(chart.y(energy - u))) L\(c(px)) \(c(chart.y(energy + u))) "
                        + "M\(c(px - 4)) \(c(chart.y(energy - u))) L\(c(px + 4)) \(c(chart.y(energy - u))) "
                        + "M\(c(px - 4)) \(c(chart.y(energy + u))) L\(c(px + 4)) \(c(chart.y(energy + u)))\"/>")
            }
            svg.append(
                chart.dot(
                    step.setpointCelsius, energy, radius: 3.5, cssClass: "series-energy",
                    title:
                        "\(step.name): \(HTMLText.fixed(energy, 3)) pJ/bit ± \(HTMLText.fixed(u, 3)) (k = 2), supply "
                        + "\(HTMLText.fixed(step.supplyWatts, 3)) W"))
        }
        svg.append(chart.legend(row: 0, cssClass: "series-energy", label: "measured ± U"))
        if limit != nil { svg.append(chart.legend(row: 1, cssClass: "limit", label: "limit")) }
        svg.append("</svg>")
        let rails = document.limits.energyPerBit.map { " (rails: \($0.rails.joined(separator: ", ")))" } ?? ""
        let caption =
            "<figcaption><b>Energy per bit against temperature.</b> Mean supply power\(HTMLText.escape(rails)) over "
            + "the payload of \(document.dut.requiredLanes) lanes × \(HTMLText.number(document.dut.lineRateGbps)) Gb/s; "
            + "bars: expanded uncertainty (k = 2).</figcaption>"
        return "<figure>\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }

    /// Chamber air and DUT temperature against time since the start, with a marker where each step started.
    static func temperatureFigure(_ document: CertificateDocument, log: [TemperatureLog.Entry]) -> String {
        let samples = TemperatureLog.downsample(log, to: maximumTemperaturePoints)
        guard !samples.isEmpty else {
            return "<figure><p class=\"note\">No chamber temperature log was given.</p></figure>"
        }
        let origin = document.times.started.date
        // A burn-in's later read points hold the same temperature: marking each would bury the plot in lines.
        let marked = document.environment.enumerated().filter { position, step in
            guard position > 0, step.kind == "burn-in-read-point" else { return true }
            let previous = document.environment[position - 1]
            return previous.kind != step.kind || previous.setpointCelsius != step.setpointCelsius
        }.map(\.element)
        let stepStarts = marked.compactMap { step in step.started.map { (step, $0.date) } }
        let lastTime =
            ([samples.last?.0] + stepStarts.map(\.1) + [document.times.ended?.date]).compactMap { $0 }.max() ?? origin
        let firstTime = min(samples.first?.0 ?? origin, origin)
        let spanSeconds = max(lastTime.timeIntervalSince(firstTime), 1)
        let (unit, divisor) = spanSeconds >= 3 * 3600 ? ("h", 3600.0) : ("min", 60.0)
        let t = { (date: Date) in date.timeIntervalSince(origin) / divisor }
        let temperatures =
            samples.flatMap { [$0.air] + ($0.dut.map { [$0] } ?? []) } + document.environment.map(\.setpointCelsius)
        let yRange = SVGChart.padded(temperatures.min() ?? 0, temperatures.max() ?? 1, fraction: 0.05)
        let xRange = t(firstTime)...max(t(lastTime), t(firstTime) + 1e-6)
        let chart = SVGChart(
            xRange: xRange, yRange: yRange, xLabel: "time since start, \(unit)", yLabel: "temperature, °C")
        var svg = [
            chart.open(label: "chamber air and DUT temperature against time", cssClass: "temperature"),
            chart.axes(xTicks: SVGChart.niceTicks(xRange, count: 8), yTicks: SVGChart.niceTicks(yRange)),
        ]
        var lastLabelX = -Double.infinity
        for (step, start) in stepStarts {
            let px = chart.x(t(start))
            let label: String? = px - lastLabelX >= 16 ? String(step.index) : nil
            if label != nil { lastLabelX = px }
            svg.append(
                chart.verticalMarker(
                    at: t(start), cssClass: "step-marker", label: label,
                    title: "step \(step.index) \(step.name) started \(step.started?.description ?? "")"))
        }
        svg.append(chart.path(samples.map { (t($0.0), $0.air) }, cssClass: "series-air"))
        svg.append(chart.path(samples.map { (t($0.0), $0.dut) }, cssClass: "series-dut"))
        svg.append(chart.legend(row: 0, cssClass: "series-air", label: "chamber air"))
        svg.append(chart.legend(row: 1, cssClass: "series-dut", label: "DUT"))
        svg.append(chart.legend(row: 2, cssClass: "step-marker", label: "step start"))
        svg.append("</svg>")
        let reduced =
            samples.count < log.count ? " (\(samples.count) of \(log.count) readings: each interval's extremes)" : ""
        let caption =
            "<figcaption><b>Chamber air and DUT temperature.</b> From the run store\(reduced); dotted lines "
            + "mark where each step started, numbered by step"
            + (marked.count < document.environment.count ? " (a burn-in's first read point only)" : "")
            + ".</figcaption>"
        return "<figure>\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }

    /// The median of `values`, nil when empty.
    static func median(_ values: [Double]) -> Double? {
        guard !values.isEmpty else { return nil }
        let sorted = values.sorted()
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }
}
