/// Starting a run at the bench: pick a station and a profile, type or scan the DUT serial, operator and lot; Check
/// shows the validate result and the duration estimate, and only then does Start (with a confirmation) work.
enum StartPage {
    static func render(stations: [String], profiles: [String], form: FormFields, check: StartCheck?, problem: String?) -> String {
        func options(_ names: [String], _ selected: String?) -> String {
            names.map { "<option\($0 == selected ? " selected" : "")>\(HTML.escape($0))</option>" }.joined()
        }
        func input(_ name: String, _ label: String) -> String {
            "<label>\(label) <input name=\"\(name)\" id=\"\(name)\" value=\"\(HTML.escape(form[name] ?? ""))\"></label><br>"
        }
        var body = """
            <h1>Start a run</h1>\(problem.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <form method="get" action="/start" class="panel">
            <label>Station <select name="station" id="station">\(options(stations, form["station"]))</select></label><br>
            <label>Profile <select name="profile" id="profile">\(options(profiles, form["profile"]))</select></label><br>
            \(input("dut", "DUT serial"))\(input("operator", "Operator"))\(input("lot", "Lot"))
            <button type="submit" id="check">Check</button></form>

            """
        guard let check else { return ConsolePage.layout(title: "Start a run", body: body) }
        if check.ok {
            body += "<div class=\"panel\" id=\"check-result\"><p class=\"valid\">validate: OK, \(check.steps) steps, estimated "
                + "\(HTML.duration(check.estimatedSeconds))</p>"
        } else {
            body += "<div class=\"panel\" id=\"check-result\"><p class=\"invalid\">validate: \(check.issues.count) problem(s)</p><ul>"
                + check.issues.map { "<li>\(HTML.escape($0))</li>" }.joined() + "</ul>"
        }
        let hidden = ["station", "profile", "dut", "operator", "lot"].map {
            "<input type=\"hidden\" name=\"\($0)\" value=\"\(HTML.escape(form[$0] ?? ""))\">"
        }.joined()
        body += """
            <form method="post" action="/start">\(hidden)
            <label>Requested by <input name="requested_by" id="requested_by" value="\(HTML.escape(form["requested_by"] ?? form["operator"] ?? ""))"></label><br>
            <label><input type="checkbox" name="confirm" value="yes" id="confirm"> I confirm: start this run on the bench</label><br>
            <button type="submit" id="start"\(check.ok ? "" : " disabled")>Start</button></form></div>
            """
        return ConsolePage.layout(title: "Start a run", body: body)
    }
}

/// The confirmation asked before an abort or a resume.
enum ConfirmPage {
    static func render(action: String, runID: String, problem: String?) -> String {
        let id = HTML.escape(runID)
        let what = action == "abort"
            ? "Abort run \(id): the run stops in its safe state (chamber to its safe temperature, DUT supply off) and ends INCOMPLETE."
            : "Resume run \(id) from its first incomplete step."
        let body = """
            <h1>\(action == "abort" ? "Abort" : "Resume") run \(id)?</h1>\(problem.map { "<p class=\"error\">\(HTML.escape($0))</p>" } ?? "")
            <p>\(what)</p><form method="post" action="/runs/\(id)/\(action)" class="panel">
            <label>Requested by <input name="requested_by" id="requested_by"></label><br>
            <label><input type="checkbox" name="confirm" value="yes" id="confirm"> I confirm</label><br>
            <button type="submit" id="confirm-\(action)">\(action == "abort" ? "Abort the run" : "Resume the run")</button>
            <a href="/runs/\(id)">Cancel</a></form>
            """
        return ConsolePage.layout(title: "\(action) \(runID)", body: body)
    }
}
