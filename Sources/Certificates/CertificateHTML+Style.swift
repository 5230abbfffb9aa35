extension CertificateHTML {
    /// The inline style sheet: screen and print (A4, colours kept, figures and rows not split across pages).
    static let styleSheet = """
        :root { --pass: #1a7f37; --fail: #c62828; --incomplete: #9a5b00; --ink: #1f2328; --muted: #57606a;
          --line: #d0d7de; }
        * { box-sizing: border-box; }
        html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
        body { margin: 0; color: var(--ink); background: #fff;
          font: 14px/1.45 "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; }
        main { max-width: 1020px; margin: 0 auto; padding: 12px 24px 32px; }
        .simulated { margin: 0; padding: 10px 24px; background: #fff3cd; color: #6b4e00; border-bottom: 3px solid #d29922;
          font-weight: 700; font-size: 16px; text-align: center; letter-spacing: 0.04em; }
        .page-id { max-width: 1020px; margin: 0 auto; padding: 8px 24px 0; font-size: 11px; color: var(--muted);
          display: flex; justify-content: space-between; }
        h1 { font-size: 22px; margin: 0 0 4px; }
        h2 { font-size: 17px; margin: 28px 0 8px; border-bottom: 2px solid var(--line); padding-bottom: 3px; }
        h3 { font-size: 14px; margin: 14px 0 6px; }
        p { margin: 6px 0; }
        .verdict { display: flex; gap: 24px; align-items: center; border: 3px solid; border-radius: 8px;
          padding: 14px 20px; margin-top: 8px; }
        .verdict-PASS { border-color: var(--pass); background: #e9f6ec; }
        .verdict-FAIL { border-color: var(--fail); background: #fdecea; }
        .verdict-INCOMPLETE { border-color: var(--incomplete); background: #fff4e0; }
        .verdict-word { font-size: 46px; font-weight: 800; letter-spacing: .04em; min-width: 190px; text-align: center; }
        .verdict-PASS .verdict-word { color: var(--pass); }
        .verdict-FAIL .verdict-word { color: var(--fail); }
        .verdict-INCOMPLETE .verdict-word { color: var(--incomplete); font-size: 34px; }
        .identity { color: var(--muted); font-size: 13px; }
        .reasons { margin: 8px 0 0; padding-left: 20px; }
        .reasons li { margin: 2px 0; }
        table { border-collapse: collapse; width: 100%; font-size: 12.5px; margin: 6px 0; }
        th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; }
        th { background: #f3f5f7; font-weight: 600; }
        td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
        table.facts th { width: 210px; background: none; color: var(--muted); font-weight: 600; }
        .v-PASS { color: var(--pass); font-weight: 700; }
        .v-FAIL { color: var(--fail); font-weight: 700; }
        .v-INCOMPLETE { color: var(--incomplete); font-weight: 700; }
        .mono { font-family: "DejaVu Sans Mono", Menlo, Consolas, monospace; font-size: 11.5px; word-break: break-all; }
        .note { color: var(--muted); font-size: 12.5px; }
        figure { margin: 18px 0; }
        figcaption { font-size: 12.5px; color: var(--muted); margin-top: 2px; }
        figcaption b { color: var(--ink); }
        svg.chart { max-width: 100%; height: auto; font: 11px "DejaVu Sans", Helvetica, Arial, sans-serif; }
        .plot-area { fill: #fbfcfd; stroke: #8c959f; }
        .grid { stroke: #e8ebef; }
        .tick { fill: var(--muted); }
        .axis-label { fill: var(--ink); font-weight: 600; }
        .legend { fill: var(--ink); }
        .limit { stroke: var(--fail); stroke-width: 1.6; stroke-dasharray: 7 4; fill: none; }
        .limit-warning { stroke: var(--incomplete); stroke-width: 1.2; stroke-dasharray: 3 3; fill: none; }
        .limit-label { fill: var(--fail); font-size: 10.5px; paint-order: stroke; stroke: #fbfcfd; stroke-width: 3px; }
        table.environment { font-size: 11.5px; }
        .environment td.name { white-space: nowrap; }
        .series-median { fill: none; stroke: #1f4e99; stroke-width: 2.6; }
        circle.series-median { fill: #1f4e99; stroke: none; }
        .series-worst { fill: none; stroke: #d9534f; stroke-width: 1.2; opacity: .85; }
        circle.series-worst { fill: #d9534f; stroke: none; }
        .series-energy { fill: none; stroke: #6f42c1; stroke-width: 2; }
        circle.series-energy { fill: #6f42c1; stroke: none; }
        .error-bar { stroke: #6f42c1; stroke-width: 1.2; }
        .series-air { fill: none; stroke: #1f77b4; stroke-width: 1.3; }
        .series-dut { fill: none; stroke: #e8710a; stroke-width: 1.3; }
        .step-marker { stroke: #8c959f; stroke-width: 1; stroke-dasharray: 2 3; }
        .marker-label { fill: var(--muted); font-size: 9.5px; }
        .lane { stroke: #fff; stroke-width: 1; }
        .lane.pass, .swatch.pass { fill: #2da44e; }
        .lane.fail, .swatch.fail { fill: #cf222e; }
        .lane.none, .swatch.none { fill: #afb8c1; }
        .lane.spare, .swatch.spare { stroke: #0a3069; stroke-width: 2.6; }
        .swatch { stroke: #fff; }
        .swatch.spare { fill: #fff; }
        .remap-mark { fill: #fff; font-weight: 700; font-size: 11px; }
        .remap-key { fill: var(--ink); font-weight: 700; font-size: 11px; }
        circle.ber-s0 { fill: #1f77b4; } line.ber-s0 { stroke: #1f77b4; stroke-width: 3; }
        circle.ber-s1 { fill: #e8710a; } line.ber-s1 { stroke: #e8710a; stroke-width: 3; }
        circle.ber-s2 { fill: #2ca02c; } line.ber-s2 { stroke: #2ca02c; stroke-width: 3; }
        circle.ber-s3 { fill: #9467bd; } line.ber-s3 { stroke: #9467bd; stroke-width: 3; }
        circle.ber-s4 { fill: #8c564b; } line.ber-s4 { stroke: #8c564b; stroke-width: 3; }
        circle.ber-s5 { fill: #e377c2; } line.ber-s5 { stroke: #e377c2; stroke-width: 3; }
        .nosync { stroke: var(--fail); stroke-width: 1.6; }
        circle.drift-pass { fill: #2da44e; } circle.drift-fail { fill: #cf222e; }
        .statement { font-weight: 600; margin-top: 24px; }
        .end-mark { text-align: center; font-weight: 700; letter-spacing: .06em; margin-top: 28px;
          border-top: 3px double var(--ink); padding-top: 8px; }
        @media print {
          @page { size: A4 portrait; margin: 14mm 12mm 16mm 12mm; }
          body { font-size: 10pt; }
          main { max-width: none; padding: 0; }
          .page-id { padding: 0 0 4px; }
          h2 { break-after: avoid; }
          figure, .verdict, tr, .end-mark { break-inside: avoid; }
          thead { display: table-header-group; }
          svg.chart { width: 100%; }
        }
        """
}
