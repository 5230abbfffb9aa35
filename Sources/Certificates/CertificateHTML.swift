import Foundation
import Qualification

/// Renders a certificate as one self-contained HTML page: no scripts, no network references, inline CSS and
/// hand-written SVG figures, printable on A4.
///
/// The verdict and what caused it come first, so a reader knows the outcome and why within seconds; the
/// figures follow (lane map, optical power against temperature, BER bound per lane, energy per bit, chamber and
/// DUT temperature against time, burn-in drift), then the tables: criteria, identification, instruments and
/// calibration, conditions per step, limits, failed lanes and remap, deviations, the decision rule, the
/// statement and the end mark. All text from the certificate is HTML-escaped.
public enum CertificateHTML {
    /// Most temperature-log points drawn; longer logs are reduced to each interval's extremes.
    public static let maximumTemperaturePoints = 2000

    /// The page.
    /// The first line of a simulated run's certificate.
    public static let simulatedBanner = "SIMULATED — not a qualification of hardware"

    /// The page for `document`; its first visible line says SIMULATED when the run was.
    public static func render(_ document: CertificateDocument, temperatureLog: [TemperatureLog.Entry]) -> String {
        let e = HTMLText.escape
        let footer = cssString("Certificate \(document.id) · \(document.verdict.rawValue)")
        var html: [String] = []
        html.append("<!DOCTYPE html>")
        html.append("<html lang=\"en\">")
        html.append("<head>")
        html.append("<meta charset=\"utf-8\">")
        html.append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">")
        html.append("<title>\(e(document.verdict.rawValue)) · Certificate \(e(document.id))</title>")
        html.append("<style>\n\(styleSheet)")
        html.append("@page { @bottom-left { content: \(footer); font-size: 8pt; color: #57606a; }")
        html.append(
            "  @bottom-right { content: \"page \" counter(page) \" of \" counter(pages); font-size: 8pt; color: #57606a; } }"
        )
        html.append("</style>")
        html.append("</head>")
        html.append("<body>")
        if document.simulated {
            html.append(
                "<p class=\"simulated\">\(e(simulatedBanner)) (simulated instruments, seed \(e(document.seed ?? "unknown")))</p>")
        }
        html.append(
            "<div class=\"page-id\"><span>Certificate \(e(document.id))</span>"
                + "<span>Issued \(e(document.times.issued.description))</span></div>")
        html.append("<main>")
        html.append(verdictSection(document))
        html.append(whySection(document))
        html.append("<h2>Figures</h2>")
        html.append(laneMapFigure(document))
        html.append(powerFigure(document))
        html.append(berFigure(document))
        html.append(energyFigure(document))
        html.append(temperatureFigure(document, log: temperatureLog))
        if let drift = driftFigure(document) { html.append(drift) }
        html.append(criteriaSection(document))
        html.append(identificationSection(document))
        html.append(instrumentSection(document))
        html.append(environmentSection(document))
        html.append(limitsSection(document))
        html.append(lanesSection(document))
        html.append(deviationSection(document))
        html.append("<h2>Decision rule</h2>")
        html.append("<p>\(e(document.decisionRule.text))</p>")
        html.append("<p class=\"statement\">\(e(document.statement))</p>")
        html.append("<p class=\"end-mark\">\(e(document.endMark)) · \(e(document.id))</p>")
        html.append("</main>")
        html.append("</body>")
        html.append("</html>")
        return html.joined(separator: "\n") + "\n"
    }

    // MARK: Verdict first

    private static func verdictSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        let verdict = document.verdict.rawValue
        let lot = document.dut.lot.isEmpty ? "" : ", lot \(document.dut.lot)"
        return """
            <section class="verdict verdict-\(verdict)">
            <div class="verdict-word">\(e(verdict))</div>
            <div>
            <h1>\(e(document.title))</h1>
            <p class="identity">DUT <b>\(e(document.dut.serial))</b> (part \(e(document.dut.part))\(e(lot))) · profile \
            \(e(document.profile.name)) \(e(document.profile.version)) · station \(e(document.station.id)) · \
            tested \(e(document.times.started.description)) to \(e(document.times.ended?.description ?? "not finished")) · \
            certificate \(e(document.id))</p>
            </div>
            </section>
            """
    }

    private static func whySection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        var parts = [
            "<section class=\"why\">", "<h2>Why \(e(document.verdict.rawValue))</h2>", "<ul class=\"reasons\">",
        ]
        parts += document.reasons.map { "<li>\(e($0))</li>" }
        parts.append("</ul>")
        let failing = document.failingCriteria
        if failing.isEmpty {
            parts.append("<p>Every criterion met (\(document.criteria.count) criteria).</p>")
        } else {
            parts.append("<h3>Criteria not met</h3>")
            parts.append(criteriaTable(failing))
        }
        let failedLanes = document.failedLanes
        if !failedLanes.isEmpty {
            parts.append(
                "<p>\(failedLanes.count) lane(s) failed, \(document.remap.count) active lane(s) remapped to spares "
                    + "(\(document.dut.spares) spares on the part).</p>")
        }
        parts.append("</section>")
        return parts.joined(separator: "\n")
    }

    // MARK: Tables

    private static func criteriaSection(_ document: CertificateDocument) -> String {
        "<h2>Criteria</h2>\n" + criteriaTable(document.criteria)
    }

    private static func criteriaTable(_ criteria: [CertificateDocument.Criterion]) -> String {
        let e = HTMLText.escape
        var rows = [
            "<table class=\"criteria\"><thead><tr><th>Verdict</th><th>Criterion</th><th class=\"num\">Measured</th>"
                + "<th class=\"num\">Limit</th><th>Unit</th><th class=\"num\">U (k = 2)</th><th>Rule</th><th>Detail</th>"
                + "</tr></thead><tbody>"
        ]
        for criterion in criteria {
            rows.append(
                "<tr><td class=\"v-\(criterion.verdict.rawValue)\">\(criterion.verdict.rawValue)</td>"
                    + "<td>\(e(criterion.name))</td><td class=\"num\">\(HTMLText.number(criterion.measured))</td>"
                    + "<td class=\"num\">\(HTMLText.number(criterion.limit))</td><td>\(e(criterion.unit))</td>"
                    + "<td class=\"num\">\(HTMLText.number(criterion.uncertainty, digits: 3))</td>"
                    + "<td>\(e(criterion.rule))</td><td>\(e(criterion.detail))</td></tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }

    private static func identificationSection(_ document: CertificateDocument) -> String {
        let run = document.run
        var facts: [(String, String)] = [
            ("Certificate", document.id),
            ("Title", document.title),
            ("Laboratory", document.lab.name),
            ("Address", document.lab.address),
            ("Location of the work", document.lab.location.isEmpty ? "—" : document.lab.location),
            (
                "Item tested",
                "DUT \(document.dut.serial), part \(document.dut.part)"
                    + (document.dut.lot.isEmpty ? "" : ", lot \(document.dut.lot)")
            ),
            (
                "Array",
                "\(document.dut.lanes) lanes: \(document.dut.requiredLanes) required, \(document.dut.spares) spare; "
                    + "\(HTMLText.number(document.dut.lineRateGbps)) Gb/s per lane; "
                    + "\(HTMLText.number(document.dut.wavelengthNanometres)) nm"
            ),
            ("Method (profile)", "\(document.profile.name) version \(document.profile.version)"),
            ("Profile file", "\(document.profile.file) (SHA-256 \(document.profile.fileSHA256))"),
            ("Station", "\(document.station.name) (\(document.station.id))"),
            ("Station file", "\(document.station.file) (SHA-256 \(document.station.fileSHA256))"),
            ("Operator", document.operator),
            ("Test started", document.times.started.description),
            ("Test ended", document.times.ended?.description ?? "not finished"),
            ("Issued", document.times.issued.description),
            ("Issued by", "\(document.software.name) \(document.software.version)"),
            (
                "Run",
                "\(run.id), status \(run.status)" + (run.incompleteReason.map { " (\($0))" } ?? "")
                    + (run.simulated ? "; simulated instruments" + (run.seed.map { ", seed \($0)" } ?? "") : "")
                    + "; started by \(document.software.name) \(run.softwareVersion)"
            ),
        ]
        for key in run.metadata.keys.sorted() {
            facts.append(("Recorded \(key)", run.metadata[key] ?? ""))
        }
        let rows = facts.map { "<tr><th>\(HTMLText.escape($0.0))</th><td>\(HTMLText.escape($0.1))</td></tr>" }
        return "<h2>Identification</h2>\n<table class=\"facts\"><tbody>\n" + rows.joined(separator: "\n")
            + "\n</tbody></table>"
    }

    private static func instrumentSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        var rows = [
            "<h2>Instruments and calibration</h2>",
            "<table><thead><tr><th>Role</th><th>Driver</th><th>Instrument</th><th>Serial</th><th>Firmware</th>"
                + "<th>Calibration certificate</th><th>Calibrated</th><th>Due</th><th>Uncertainty (k = 2)</th>"
                + "<th>Valid during run</th></tr></thead><tbody>",
        ]
        for instrument in document.instruments {
            let name = [instrument.manufacturer, instrument.model].compactMap { $0 }.joined(separator: " ")
            let calibration = instrument.calibration
            let uncertainty = calibration?.uncertainty.keys.sorted().map { key in
                "\(key): \(HTMLText.number(calibration?.uncertainty[key]))"
            }.joined(separator: ", ")
            let valid = calibration.map {
                $0.validDuringRun ? "<span class=\"v-PASS\">yes</span>" : "<span class=\"v-FAIL\">no</span>"
            }
            rows.append(
                "<tr><td>\(e(instrument.role))</td><td>\(e(instrument.driver))</td>"
                    + "<td>\(e(name.isEmpty ? "no identity reply" : name))<br>"
                    + "<span class=\"note\">\(e(instrument.resource))</span></td>"
                    + "<td>\(e(instrument.serial ?? "—"))</td><td>\(e(instrument.firmware ?? "—"))</td>"
                    + "<td>\(e(calibration.map { "\($0.certificate)" + ($0.by.isEmpty ? "" : " by \($0.by)") } ?? "none"))</td>"
                    + "<td>\(e(calibration?.calibrated.dateOnly ?? "—"))</td><td>\(e(calibration?.due.dateOnly ?? "—"))</td>"
                    + "<td>\(e(uncertainty.flatMap { $0.isEmpty ? nil : $0 } ?? "—"))</td>"
                    + "<td>\(valid ?? "<span class=\"v-INCOMPLETE\">no record</span>")</td></tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }

    private static func environmentSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        let f = { (value: Double?) in HTMLText.fixed(value, 2) }
        let origin = document.times.started
        var rows = [
            "<h2>Conditions per step</h2>",
            "<p class=\"note\">DUT and air temperatures of the ramp and soak into each step (the step's latest completed attempt), "
                + "and apart from them the DUT temperature over the measurement window alone, which must stay within the soak band; "
                + "times are hours:minutes:seconds after the start of the test, \(e(origin.description)).</p>",
            "<table class=\"environment\"><thead><tr><th class=\"num\">Step</th><th>Name</th><th>Status</th>"
                + "<th class=\"num\">Attempts</th><th class=\"num\">Setpoint °C</th>"
                + "<th class=\"num\">Ramp and soak: DUT min / mean / max °C</th>"
                + "<th class=\"num\">Measurement: DUT min / mean / max °C (band, repeats)</th>"
                + "<th class=\"num\">Air min / max °C</th><th class=\"num\">Readings</th><th class=\"num\">Supply W</th>"
                + "<th class=\"num\">pJ/bit</th><th class=\"num\">Started – ended</th></tr></thead><tbody>",
        ]
        for step in document.environment {
            let started = step.started.map { elapsed(from: origin, to: $0) } ?? "—"
            let ended = step.ended.map { elapsed(from: origin, to: $0) } ?? "—"
            let title = "\(step.started?.description ?? "not started") to \(step.ended?.description ?? "not completed")"
            rows.append(
                "<tr><td class=\"num\">\(step.index)</td><td class=\"name\">\(e(step.name))</td><td>\(e(step.status))</td>"
                    + "<td class=\"num\">\(step.attempts)</td><td class=\"num\">\(HTMLText.number(step.setpointCelsius))</td>"
                    + "<td class=\"num\">\(f(step.dutMinimumCelsius)) / \(f(step.dutMeanCelsius)) / "
                    + "\(f(step.dutMaximumCelsius))</td>"
                    + "<td class=\"num\">" + (step.measurement.map { window in
                        "\(f(window.dutMinimumCelsius)) / \(f(window.dutMeanCelsius)) / \(f(window.dutMaximumCelsius)) "
                            + "(±\(HTMLText.number(window.bandKelvin)) K, \(window.repeats))"
                    } ?? "—") + "</td>"
                    + "<td class=\"num\">\(f(step.airMinimumCelsius)) / \(f(step.airMaximumCelsius))</td>"
                    + "<td class=\"num\">\(step.samples)</td><td class=\"num\">\(HTMLText.fixed(step.supplyWatts, 3))</td>"
                    + "<td class=\"num\">\(HTMLText.fixed(step.picojoulesPerBit, 3))</td>"
                    + "<td class=\"num\" title=\"\(e(title))\">\(started) –<br>\(ended)</td></tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }

    /// `h:mm:ss` from `origin` to `time` (negative times get a minus sign).
    static func elapsed(from origin: CertificateTime, to time: CertificateTime) -> String {
        let seconds = time.secondsSince1970 - origin.secondsSince1970
        let magnitude = abs(seconds)
        let text = "\(magnitude / 3600):" + String(format: "%02d:%02d", Int(magnitude % 3600 / 60), Int(magnitude % 60))
        return seconds < 0 ? "−" + text : text
    }

    private static func limitsSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        let limits = document.limits
        var items: [String] = []
        for gate in limits.berGates {
            let looks = gate.looks.enumerated().map { index, look in
                "look \(index) at \(HTMLText.scientific(look.bits)) bits (\(HTMLText.fixed(look.seconds, 1)) s): ≤ \(look.acceptErrors) error(s), "
                    + "α spent \(String(format: "%.6f", look.spentAlpha))"
            }.joined(separator: "; ")
            items.append(
                "BER gate at step \(gate.step) (\(HTMLText.number(gate.celsius)) °C): \(gate.pattern)"
                    + (gate.inverted ? " inverted" : "") + ", target \(HTMLText.number(gate.targetBER)) at "
                    + "\(HTMLText.number(gate.confidence * 100)) % confidence; \(e(gate.plan)) plan, \(looks); maximum "
                    + "\(HTMLText.number(gate.maximumSeconds)) s, polled every \(HTMLText.number(gate.pollSeconds)) s. \(e(gate.statement))")
        }
        if let window = limits.opticalPower {
            items.append(
                "optical power per lane within [\(HTMLText.number(window.minimumDBm)), \(HTMLText.number(window.maximumDBm))] dBm"
            )
        }
        for retention in limits.retention {
            items.append(
                "power at \(HTMLText.number(retention.atCelsius)) °C ≥ "
                    + "\(HTMLText.number(retention.minimumFraction)) × power at "
                    + "\(HTMLText.number(retention.referenceCelsius)) °C, per lane")
        }
        if let energy = limits.energyPerBit {
            items.append(
                "energy per bit ≤ \(HTMLText.number(energy.maximumPicojoulesPerBit)) pJ/bit (rails: "
                    + "\(energy.rails.joined(separator: ", ")); payload of \(document.dut.requiredLanes) lanes)")
        }
        if let drift = limits.burnInDrift {
            items.append(
                "burn-in drift: warning \(HTMLText.number(drift.warningPercentPer1000Hours)), critical "
                    + "\(HTMLText.number(drift.criticalPercentPer1000Hours)) %/1000 h; "
                    + "change ≤ \(HTMLText.number(drift.maximumChangePercent)) %"
            )
        }
        items.append("lane sparing: failed lanes ≤ \(document.dut.spares) spares")
        return "<h2>Limits</h2>\n<ul>\n" + items.map { "<li>\(e($0))</li>" }.joined(separator: "\n") + "\n</ul>"
    }

    private static func lanesSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        var parts = ["<h2>Failed lanes and remap</h2>"]
        let failed = document.failedLanes
        if failed.isEmpty {
            parts.append("<p>No lane failed.</p>")
        } else {
            parts.append(
                "<table><thead><tr><th class=\"num\">Lane</th><th>Role</th><th>Remap</th><th>Failures</th></tr></thead><tbody>"
            )
            for lane in failed {
                let remap = lane.remappedWith.map { "→ spare \($0)" } ?? (lane.role == "active" ? "no spare left" : "")
                parts.append(
                    "<tr><td class=\"num\">\(lane.lane)</td><td>\(e(lane.role))</td><td>\(e(remap))</td>"
                        + "<td>\(lane.failures.map(e).joined(separator: "<br>"))</td></tr>")
            }
            parts.append("</tbody></table>")
        }
        if !document.remap.isEmpty {
            parts.append(
                "<p>Remap (failed active lane → spare): "
                    + document.remap.map { "\($0.active) → \($0.spare)" }.joined(separator: ", ") + "</p>")
        }
        let warned = document.lanes.filter { !$0.warnings.isEmpty }
        if !warned.isEmpty {
            parts.append(
                "<p class=\"note\">Warnings: "
                    + warned.map { "lane \($0.lane): \(e($0.warnings.joined(separator: "; ")))" }.joined(
                        separator: " · ") + "</p>")
        }
        return parts.joined(separator: "\n")
    }

    private static func deviationSection(_ document: CertificateDocument) -> String {
        let e = HTMLText.escape
        guard !document.deviations.isEmpty else {
            return
                "<h2>Deviations</h2>\n<p>No retries, faults, resumes, resyncs, interlocks or aborts were recorded.</p>"
        }
        var rows = [
            "<h2>Deviations</h2>",
            "<table><thead><tr><th>Time</th><th class=\"num\">Step</th><th>Kind</th><th>What happened</th></tr></thead><tbody>",
        ]
        for deviation in document.deviations {
            rows.append(
                "<tr><td>\(e(deviation.time.description))</td><td class=\"num\">\(deviation.step.map(String.init) ?? "—")</td>"
                    + "<td>\(e(deviation.kind))</td><td>\(e(deviation.message))</td></tr>")
        }
        rows.append("</tbody></table>")
        return rows.joined(separator: "\n")
    }

    /// A CSS string literal: quotes and backslashes escaped, and `<` written as an escape so text cannot end the
    /// style element.
    static func cssString(_ text: String) -> String {
        var result = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\", "<", ">", "&", "\n", "\r":
                result += "\\" + String(scalar.value, radix: 16) + " "
            default:
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }
}
