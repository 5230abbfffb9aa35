import Certificates
import Foundation

/// A run's page. Live: the step list with states, the temperature chart, the lane map, ETA and events, kept up to
/// date by a small script reading the run's event stream (the page is complete without it). Finished: the verdict,
/// the `certificate verify` result, the certificate's HTML and links to its files and the measurements as CSV.
enum RunPage {
    static func render(_ detail: RunDetail, verification: VerificationReport?) -> String {
        let run = detail.summary
        let id = HTML.escape(run.id)
        let progress = run.progress
        var body = """
            <h1>Run \(id) <span id="state" class="state \(HTML.escape(run.state))">\(HTML.escape(run.state))</span></h1>
            <p>Station <b>\(HTML.escape(run.station))</b> · DUT <b>\(HTML.escape(run.dut))</b> · lot \(HTML.escape(run.lot ?? "—")) ·
            profile \(HTML.escape(run.profile)) \(HTML.escape(run.profileVersion)) · operator \(HTML.escape(run.operatorName)) ·
            started \(HTML.time(run.startedAt))\(run.endedAt.map { " · ended \(HTML.time($0))" } ?? "")</p>

            """
        if let reason = run.incompleteReason {
            body += "<p class=\"error\" id=\"reason\">INCOMPLETE: \(HTML.escape(reason))</p>\n"
        }
        body += """
            <div class="panel figures" id="live">
            <span>Step <b id="step">\(HTML.escape(progress?.stepName ?? "—"))</b></span>
            <span>Phase <b id="phase">\(HTML.escape(progress?.phase ?? "—"))</b></span>
            <span>Chamber <b id="air">\(HTML.celsius(progress?.airCelsius))</b></span>
            <span>DUT <b id="dut">\(HTML.celsius(progress?.dutCelsius))</b></span>
            <span>Setpoint <b id="setpoint">\(HTML.celsius(progress?.setpointCelsius))</b></span>
            <span>Left <b id="remaining">\(HTML.duration(progress?.remainingSeconds))</b></span>
            <span>ETA <b id="eta">\(HTML.time(progress?.eta))</b></span></div>

            """
        body += actions(run)
        if progress == nil {
            body += finished(run, files: detail.files, verification: verification)
        }
        body += """
            <div class="grid"><div class="panel"><h2>Temperatures</h2>\(TemperatureChart.svg(detail.temperatures))</div>
            <div class="panel"><h2>Steps</h2><table><thead><tr><th>#</th><th>Step</th><th>State</th><th>Attempt</th></tr></thead>
            <tbody id="steps">\(stepRows(detail.steps))</tbody></table></div></div>
            <div class="panel"><h2>Lanes</h2><p id="lane-figures">\(laneFigures(detail.lanes))</p>
            <div class="lanes" id="lanes">\(laneCells(detail.lanes))</div></div>
            <div class="panel"><h2>Events and deviations</h2><p>retries \(detail.counts.retries) · faults \(detail.counts.faults) ·
            deviations \(detail.counts.deviations)</p><ol class="events" id="events">\(eventItems(detail.events))</ol></div>
            """
        let script = run.state == "live" ? LiveScript.source(runID: run.id) : ""
        return ConsolePage.layout(title: "Run \(run.id)", body: body, script: script)
    }

    static func stepRows(_ steps: [StepView]) -> String {
        steps.map { step in
            "<tr class=\"step-\(HTML.escape(step.status))\"><td>\(step.index + 1)</td><td>\(HTML.escape(step.name))</td>"
                + "<td>\(HTML.escape(step.status))</td><td>\(step.attempt)</td></tr>"
        }.joined()
    }

    static func laneFigures(_ lanes: LaneMapView) -> String {
        let step = lanes.stepIndex.map { "step \($0 + 1): " } ?? ""
        return "\(step)\(lanes.decided) of \(lanes.lanes.count) lanes decided, \(lanes.failed) failed, \(lanes.remapped) remapped to spares"
    }

    static func laneCells(_ lanes: LaneMapView) -> String {
        lanes.lanes.enumerated().map { "<span class=\"lane \($0.element)\" title=\"lane \($0.offset): \($0.element)\"></span>" }.joined()
    }

    static func eventItems(_ events: [EventView]) -> String {
        events.map { event in
            "<li class=\"ev-\(HTML.escape(event.kind))\">\(HTML.time(event.time)) <b>\(HTML.escape(event.kind))</b> \(HTML.escape(event.message))</li>"
        }.joined()
    }

    private static func actions(_ run: RunSummary) -> String {
        let id = HTML.escape(run.id)
        if run.state == "live" {
            return "<form method=\"post\" action=\"/runs/\(id)/abort\"><button type=\"submit\" id=\"abort\">Abort this run…</button></form>\n"
        }
        if run.state == "INCOMPLETE" || run.state == "interrupted" {
            return "<form method=\"post\" action=\"/runs/\(id)/resume\"><button type=\"submit\" id=\"resume\">Resume this run…</button></form>\n"
        }
        return ""
    }

    private static func finished(_ run: RunSummary, files: [String], verification: VerificationReport?) -> String {
        let id = HTML.escape(run.id)
        var html = "<div class=\"panel\"><h2>Verdict <span id=\"verdict\" class=\"state \(HTML.escape(run.verdict ?? run.state))\">"
            + "\(HTML.escape(run.verdict ?? run.state))</span></h2>"
        if let verification {
            let valid = verification.isValid
            html += "<p>certificate verify: <span id=\"verification\" class=\"\(valid ? "valid" : "invalid")\">\(valid ? "VALID" : "INVALID")</span></p><ul>"
            for check in verification.checks {
                html += "<li>\(check.passed ? "✔" : "✘") \(HTML.escape(check.name)): \(HTML.escape(check.detail))</li>"
            }
            for note in verification.notes { html += "<li>note: \(HTML.escape(note))</li>" }
            html += "</ul>"
        } else {
            html += "<p>certificate verify: <span id=\"verification\" class=\"invalid\">no certificate.jws</span></p>"
        }
        let links = files.map { "<a href=\"/runs/\(id)/files/\($0)\">\($0)</a>" } + ["<a href=\"/runs/\(id)/measurements.csv\">measurements.csv</a>"]
        html += "<p id=\"files\">" + links.joined(separator: " · ") + "</p>"
        if files.contains("certificate.html") {
            html += "<iframe id=\"certificate\" sandbox src=\"/runs/\(id)/files/certificate.html\" title=\"certificate\"></iframe>"
        }
        return html + "</div>\n"
    }
}
