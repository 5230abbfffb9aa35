/// The run list: live and interrupted runs on top with their step, phase, ETA and temperatures, then every run
/// newest first; a filter form (plain GET, works without JavaScript). It reloads itself every few seconds while a
/// run is live. The members of a batch show as one card, where the first of them would be, with their lane maps
/// side by side.
enum RunListPage {
    static func render(_ runs: [RunSummary], batches: [BatchView], filter: RunFilter, rows cache: FragmentCache) -> String {
        let anyLive = runs.contains { $0.state == "live" }
        cache.prune(keeping: runs)
        let cards = Dictionary(batches.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
        var shown = Set<String>()
        let rows = runs.map { run -> String in
            guard let id = run.batch?.id, let batch = cards[id] else { return cache.fragment(for: run, render: row) }
            return shown.insert(id).inserted ? card(batch) : ""
        }.joined()
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

    /// A batch's card: one table row spanning every column, each member with its DUT, socket, state and small lane map.
    static func card(_ batch: BatchView) -> String {
        let members = batch.members.map { member in
            """
            <div class="batch-member" data-run="\(HTML.escape(member.run))"><p><b>\(HTML.escape(member.socket))</b>
            <a href="/runs/\(HTML.escape(member.run))">\(HTML.escape(member.dut))</a>
            <span class="state \(HTML.escape(member.state))">\(HTML.escape(member.state))</span></p>
            <p class="lane-figures">\(RunPage.laneFigures(member.lanes))</p>
            <div class="lanes small">\(RunPage.laneCells(member.lanes))</div></div>
            """
        }.joined()
        return """
            <tr class="batch" data-batch="\(HTML.escape(batch.id))"><td colspan="12"><div class="batch-card">
            <p><span class="state \(HTML.escape(batch.state))">\(HTML.escape(batch.state))</span> batch <b>\(HTML.escape(batch.id))</b>
            · \(HTML.escape(batch.station)) · \(HTML.escape(batch.profile)) \(HTML.escape(batch.profileVersion)) · \(batch.members.count) DUTs</p>
            <div class="batch-members">\(members)</div></div></td></tr>

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
