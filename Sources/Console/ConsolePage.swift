/// The page frame every console page shares: inline style only, nothing fetched from elsewhere.
enum ConsolePage {
    static func layout(title: String, body: String, script: String = "", refreshSeconds: Int? = nil) -> String {
        """
        <!DOCTYPE html>
        <html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTML.escape(title)) · QualStation</title>\(refreshSeconds.map { "<meta http-equiv=\"refresh\" content=\"\($0)\">" } ?? "")
        <style>\(style)</style></head>
        <body><header><a href="/" class="home">QualStation console</a> <a href="/start">Start a run</a></header>
        <main>\(body)</main>\(script.isEmpty ? "" : "<script>\(script)</script>")</body></html>
        """
    }

    static let style = """
        body{font-family:system-ui,sans-serif;margin:0;color:#1b1f24;background:#f6f7f9}
        header{background:#1d3557;color:#fff;padding:.6em 1em}header a{color:#fff;margin-right:1.5em;text-decoration:none}
        .home{font-weight:bold}main{padding:1em 1.5em}table{border-collapse:collapse;background:#fff;width:100%}
        th,td{border-bottom:1px solid #dde1e6;padding:.35em .6em;text-align:left;font-size:.92em}
        th{background:#eef1f5}.state{font-weight:bold;padding:.1em .45em;border-radius:.3em}
        .PASS{background:#d4f4dd;color:#135c29}.FAIL{background:#fbd5d5;color:#8a1414}.INCOMPLETE{background:#fde9c4;color:#7a4b00}
        .live{background:#d6e8ff;color:#0b3d91}.interrupted{background:#eee;color:#444}
        .error{color:#8a1414;font-weight:bold}.valid{color:#135c29;font-weight:bold}.invalid{color:#8a1414;font-weight:bold}
        form.filter input,form.filter select{margin-right:.5em}.grid{display:flex;flex-wrap:wrap;gap:1.5em}
        .panel{background:#fff;border:1px solid #dde1e6;padding:.8em;border-radius:.4em;margin-bottom:1em}
        .lanes{display:flex;flex-wrap:wrap;gap:2px;max-width:760px}.lane{width:12px;height:12px;border-radius:2px;background:#ccd}
        .lane.accepted{background:#2a9d55}.lane.rejected{background:#c0392b}.lane.counting{background:#8ab4f8}
        .batch-members{display:flex;flex-wrap:wrap;gap:12px}.batch-member{border:1px solid #ccd;border-radius:4px;padding:4px 8px}
        .batch-member p{margin:2px 0}.lanes.small{max-width:230px;gap:1px}.lanes.small .lane{width:4px;height:4px;border-radius:0}
        .lane.errors{background:#f0a500}.lane.no_sync{background:#7f8c8d}
        .step-complete{color:#135c29}.step-running{color:#0b3d91;font-weight:bold}.step-pending{color:#777}
        .events{max-height:22em;overflow:auto;font-family:monospace;font-size:.85em}
        .ev-fault,.ev-dut-failure{color:#8a1414}.ev-deviation,.ev-retry{color:#7a4b00}
        iframe{width:100%;height:70vh;border:1px solid #dde1e6;background:#fff}
        button{padding:.4em 1em}.figures span{margin-right:1.5em}
        """
}
