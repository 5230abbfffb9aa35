import Foundation
import Qualification

extension CertificateHTML {
    /// Columns of the lane map: 26, so that 416 lanes make 16 rows of 26.
    static let laneMapColumns = 26

    /// The lane map: one cell per lane (green pass, red fail, grey no evidence), spare lanes outlined, remapped
    /// lanes marked R.
    static func laneMapFigure(_ document: CertificateDocument) -> String {
        let lanes = document.lanes
        guard !lanes.isEmpty else { return "<figure><p class=\"note\">The certificate holds no lanes.</p></figure>" }
        let columns = min(laneMapColumns, lanes.count)
        let rows = (lanes.count + columns - 1) / columns
        let cell = 22.0
        let pitch = 25.0
        let left = 40.0
        let top = 6.0
        let gridHeight = Double(rows) * pitch
        let width = left + Double(columns) * pitch + 12
        let height = top + gridHeight + 34
        let c = HTMLText.coordinate
        var svg = [
            "<svg class=\"chart lane-map\" viewBox=\"0 0 \(c(width)) \(c(height))\" width=\"\(c(width))\" height=\"\(c(height))\" "
                + "role=\"img\" aria-label=\"lane map: \(lanes.count) lanes, \(document.failedLanes.count) failed\">"
        ]
        for row in 0..<rows {
            svg.append(
                "<text class=\"tick\" x=\"\(c(left - 6))\" y=\"\(c(top + Double(row) * pitch + cell / 2 + 4))\" "
                    + "text-anchor=\"end\">\(row * columns)</text>")
        }
        for (position, lane) in lanes.enumerated() {
            let x = left + Double(position % columns) * pitch
            let y = top + Double(position / columns) * pitch
            var classes = ["lane", laneClass(lane.verdict)]
            if lane.role == "spare" { classes.append("spare") }
            if lane.remappedWith != nil { classes.append("remapped") }
            svg.append(
                "<rect class=\"\(classes.joined(separator: " "))\" x=\"\(c(x))\" y=\"\(c(y))\" width=\"\(c(cell))\" "
                    + "height=\"\(c(cell))\" rx=\"3\"><title>\(HTMLText.escape(laneTitle(lane)))</title></rect>")
            if lane.remappedWith != nil {
                svg.append(
                    "<text class=\"remap-mark\" x=\"\(c(x + cell / 2))\" y=\"\(c(y + cell / 2 + 4))\" "
                        + "text-anchor=\"middle\">R</text>")
            }
        }
        let legendY = top + gridHeight + 12
        let keys: [(String, String)] = [
            ("pass", "pass"), ("fail", "fail"), ("none", "no evidence"), ("pass spare", "spare lane"),
        ]
        var legendX = left
        for (classes, label) in keys {
            svg.append(
                "<rect class=\"swatch \(classes)\" x=\"\(c(legendX))\" y=\"\(c(legendY))\" width=\"14\" height=\"14\" rx=\"2\"/>"
                    + "<text class=\"legend\" x=\"\(c(legendX + 19))\" y=\"\(c(legendY + 11))\">\(label)</text>")
            legendX += 28 + Double(label.count) * 6.5
        }
        svg.append(
            "<text class=\"remap-key\" x=\"\(c(legendX + 3))\" y=\"\(c(legendY + 11))\">R</text>"
                + "<text class=\"legend\" x=\"\(c(legendX + 16))\" y=\"\(c(legendY + 11))\">"
                + "remapped (failed active lane and its spare)</text>"
        )
        svg.append("</svg>")
        let active = lanes.filter { $0.role == "active" }.count
        let caption =
            "<figcaption><b>Lane map.</b> \(lanes.count) lanes (\(active) active, \(lanes.count - active) spare), "
            + "\(columns) per row, lane 0 top left; \(document.failedLanes.count) failed, \(document.remap.count) remapped. "
            + "Hover a cell for its evidence.</figcaption>"
        return "<figure class=\"lane-map-figure\">\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }

    private static func laneClass(_ verdict: Verdict) -> String {
        switch verdict {
        case .pass: return "pass"
        case .fail: return "fail"
        case .incomplete: return "none"
        }
    }

    private static func laneTitle(_ lane: CertificateDocument.Lane) -> String {
        var text = "lane \(lane.lane) (\(lane.role)): \(lane.verdict.rawValue)"
        if !lane.failures.isEmpty { text += " — " + lane.failures.joined(separator: "; ") }
        if let partner = lane.remappedWith {
            text += lane.role == "active" ? "; remapped to spare \(partner)" : "; replaces failed lane \(partner)"
        }
        let rejected = lane.ber.filter { !$0.meetsTarget }.map { "\(HTMLText.number($0.celsius)) °C" }
        if !rejected.isEmpty { text += "; BER gate not passed at " + rejected.joined(separator: ", ") }
        return text
    }

    /// Every lane's gate decision at every gated step: the bits it had compared when the stopping plan decided,
    /// on a log scale, against the plan's looks; accepted lanes as dots, rejected ones as crosses.
    static func berFigure(_ document: CertificateDocument) -> String {
        let gates = document.limits.berGates
        let entries = document.lanes.flatMap { lane in lane.ber.map { (lane.lane, $0) } }
        guard !gates.isEmpty, !entries.isEmpty else {
            return "<figure><p class=\"note\">No BER was measured, so there is no BER figure.</p></figure>"
        }
        let looks = Array(Set(gates.flatMap { $0.looks.map(\.bits) })).sorted()
        let bits = entries.compactMap { $0.1.comparedBits }.filter { $0 > 0 }
        let decades = (bits + looks).filter { $0 > 0 }.map(log10)
        let low = ((decades.min() ?? 9) - 0.3).rounded(.down)
        var high = ((decades.max() ?? 13) + 0.3).rounded(.up)
        if high - low < 2 { high = low + 2 }
        let chart = SVGChart(
            xRange: -0.5...(Double(max(document.lanes.count, 1)) - 0.5), yRange: low...high, yLogarithmic: true,
            xLabel: "lane", yLabel: "bits at the decision")
        let yTicks = stride(from: low, through: high, by: max(1, ((high - low) / 6).rounded(.up))).map { decade in
            (value: decade, label: "1e\(Int(decade))")
        }
        let xTicks = SVGChart.niceTicks(0...Double(max(document.lanes.count - 1, 1)), count: 8)
        var svg = [
            chart.open(label: "BER gate decision per lane", cssClass: "ber"), chart.axes(xTicks: xTicks, yTicks: yTicks),
        ]
        for (index, look) in looks.prefix(6).enumerated() {
            svg.append(chart.horizontalLine(at: look, cssClass: "limit", label: "look \(index): \(HTMLText.scientific(look)) bits"))
        }
        let seriesIndex = Dictionary(
            gates.enumerated().map { ($1.step, $0 % 6) }, uniquingKeysWith: { first, _ in first })
        var rejected = 0
        for (lane, evidence) in entries {
            let series = seriesIndex[evidence.step] ?? 0
            let title = "lane \(lane) at \(HTMLText.number(evidence.celsius)) °C: \(evidence.decision), "
                + "\(HTMLText.number(evidence.comparedBits)) bits, \(HTMLText.number(evidence.errors)) errors"
                + (evidence.lockLosses > 0 ? ", lock lost \(evidence.lockLosses)×" : "")
            let value = max(evidence.comparedBits ?? 0, pow(10, low))
            if evidence.meetsTarget {
                svg.append(chart.dot(Double(lane), value, radius: 1.9, cssClass: "ber-s\(series)", title: title))
            } else {
                rejected += 1
                let px = chart.x(Double(lane))
                let py = chart.y(value)
                svg.append(
                    "<path class=\"nosync\" d=\"M\(HTMLText.coordinate(px - 3)) \(HTMLText.coordinate(py - 3)) "
                        + "L\(HTMLText.coordinate(px + 3)) \(HTMLText.coordinate(py + 3)) M\(HTMLText.coordinate(px - 3)) "
                        + "\(HTMLText.coordinate(py + 3)) L\(HTMLText.coordinate(px + 3)) \(HTMLText.coordinate(py - 3))\">"
                        + "<title>\(HTMLText.escape(title))</title></path>")
            }
        }
        for (row, gate) in gates.prefix(8).enumerated() {
            svg.append(
                chart.legend(
                    row: row, cssClass: "ber-s\(seriesIndex[gate.step] ?? 0)",
                    label: "\(HTMLText.number(gate.celsius)) °C (step \(gate.step))"))
        }
        svg.append("</svg>")
        let acceptance = gates.map(\.acceptanceAtTarget).max() ?? 0
        let caption =
            "<figcaption><b>BER gate decision per lane.</b> Bits compared when the \(HTMLText.escape(gates[0].plan)) stopping plan "
            + "decided, log scale; dashed: the plan's looks. A lane whose true BER equals the target is accepted with probability "
            + "\(String(format: "%.4f", acceptance)) at most. × : \(rejected) decision(s) not passed (rejected or lock lost).</figcaption>"
        return "<figure>\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }

    /// Burn-in drift slope per lane against the warning and critical levels; nil without burn-in drift.
    static func driftFigure(_ document: CertificateDocument) -> String? {
        let points = document.lanes.compactMap { lane in lane.drift?.percentPer1000Hours.map { (lane, $0) } }
        guard !points.isEmpty else { return nil }
        let limits = document.limits.burnInDrift
        var extremes = points.map(\.1)
        if let limits { extremes += [limits.criticalPercentPer1000Hours, -limits.criticalPercentPer1000Hours] }
        let range = SVGChart.padded(extremes.min() ?? -1, extremes.max() ?? 1)
        let chart = SVGChart(
            xRange: -0.5...(Double(max(document.lanes.count, 1)) - 0.5), yRange: range, xLabel: "lane",
            yLabel: "drift, %/1000 h")
        var svg = [
            chart.open(label: "burn-in drift per lane", cssClass: "drift"),
            chart.axes(
                xTicks: SVGChart.niceTicks(0...Double(max(document.lanes.count - 1, 1)), count: 8),
                yTicks: SVGChart.niceTicks(range)),
        ]
        if let limits {
            for sign in [1.0, -1.0] {
                let critical = "critical ±\(HTMLText.number(limits.criticalPercentPer1000Hours))"
                let warning = "warning ±\(HTMLText.number(limits.warningPercentPer1000Hours))"
                svg.append(
                    chart.horizontalLine(
                        at: sign * limits.criticalPercentPer1000Hours, cssClass: "limit",
                        label: sign > 0 ? critical : nil))
                svg.append(
                    chart.horizontalLine(
                        at: sign * limits.warningPercentPer1000Hours, cssClass: "limit-warning",
                        label: sign > 0 ? warning : nil))
            }
        }
        for (lane, slope) in points {
            svg.append(
                chart.dot(
                    Double(lane.lane), slope, radius: 2, cssClass: lane.verdict == .fail ? "drift-fail" : "drift-pass",
                    title: "lane \(lane.lane): \(HTMLText.fixed(slope, 3)) %/1000 h, change "
                        + "\(HTMLText.fixed(lane.drift?.changePercent, 3)) %"))
        }
        svg.append("</svg>")
        let caption =
            "<figcaption><b>Burn-in drift per lane.</b> Least-squares slope of optical power over the burn-in "
            + "read points, % of the first read point per 1000 h; dashed: warning and critical levels.</figcaption>"
        return "<figure>\n" + svg.joined(separator: "\n") + "\n" + caption + "\n</figure>"
    }
}
