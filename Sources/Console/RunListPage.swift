/// The run list: live and interrupted runs on top with their step, phase, ETA and temperatures, then every run
/// newest first; a filter form (plain GET, works without JavaScript). It reloads itself every few seconds while a
/// run is live.
enum RunListPage {
    static func render(_ runs: [RunSummary], filter: RunFilter, rows cache: FragmentCache) -> String {
        let anyLive = runs.contains { $0.state == "live" }
        cache.prune(keeping: runs)
        let rows = runs.map { cache.fragment(for: $0, render: row) }.joined()
        let body = """
            <h1>Benches and runs</h1>
            <form class="filter" method="get" action="/">
            \(field("station", "Station", filter.station))\(field("dut", "DUT", filter.dut))\(field("lot", "Lot", filter.lot))\(field("profile", "Profile", filter.profile))
            <label>Verdict <select name="verdict">\(verdictOptions(filter.verdict))</select></label>
            <button type="submit">Filter</button> <a href="/">Clear</a></form>
            <p>\(runs.count) run\(runs.count == 1 ? "" : "s")</p>
            <table id="runs"><thead><tr><th>State</th><th>Run</th><th>Station</th><th>DUT</th><th>Lot</th><th>Profile</th><th>Started</th>
            <th>Step</th><th>Phase</th><th>ETA</th><th>Chamber</th><th>DUT temp.</th></tr></thead><tbody>
            \(rows)</tbody></table>
            """
        return ConsolePage.layout(title: "Runs", body: body, refreshSeconds: anyLive ? 3 : nil)
    }

    /// One run's table row.
    static func row(_ run: RunSummary) -> String {
        let progress = run.progress
        let step = progress.map { p in
            p.stepName.map { "\(HTML.escape($0)) (\(p.stepsComplete)/\(p.stepCount))" } ?? "\(p.stepsComplete)/\(p.stepCount)"
        } ?? ""
        return """
            <tr data-run="\(HTML.escape(run.id))"><td><span class="state \(HTML.escape(run.state))">\(HTML.escape(run.state))</span></td>
            <td><a href="/runs/\(HTML.escape(run.id))">\(HTML.escape(run.id))</a></td><td>\(HTML.escape(run.station))</td>
            <td>\(HTML.escape(run.dut))</td><td>\(HTML.escape(run.lot ?? ""))</td>
            <td>\(HTML.escape(run.profile)) \(HTML.escape(run.profileVersion))</td><td>\(HTML.time(run.startedAt))</td>
            <td>\(step)</td><td>\(HTML.escape(progress?.phase ?? ""))</td><td>\(progress == nil ? "" : HTML.time(progress?.eta))</td>
            <td>\(progress == nil ? "" : HTML.celsius(progress?.airCelsius))</td><td>\(progress == nil ? "" : HTML.celsius(progress?.dutCelsius))</td></tr>

            """
    }

    private static func field(_ name: String, _ label: String, _ value: String?) -> String {
        "<label>\(label) <input name=\"\(name)\" value=\"\(HTML.escape(value ?? ""))\" size=\"12\"></label> "
    }

    private static func verdictOptions(_ selected: String?) -> String {
        ["", "live", "interrupted", "PASS", "FAIL", "INCOMPLETE"].map { option in
            let chosen = option.caseInsensitiveCompare(selected ?? "") == .orderedSame ? " selected" : ""
            return "<option value=\"\(option)\"\(chosen)>\(option.isEmpty ? "any" : option)</option>"
        }.joined()
    }
}
