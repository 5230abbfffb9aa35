import Certificates
import Foundation
import Testing

@Suite struct CertificateHTMLTests {
    /// The text of the first `<svg …>…</svg>` element whose opening tag contains `marker`.
    static func svg(in html: String, containing marker: String) -> Substring? {
        var searchStart = html.startIndex
        while let open = html.range(of: "<svg", range: searchStart..<html.endIndex) {
            guard let tagEnd = html.range(of: ">", range: open.upperBound..<html.endIndex),
                let close = html.range(of: "</svg>", range: tagEnd.upperBound..<html.endIndex)
            else { return nil }
            if html[open.lowerBound..<tagEnd.upperBound].contains(marker) {
                return html[open.lowerBound..<close.upperBound]
            }
            searchStart = close.upperBound
        }
        return nil
    }

    static func occurrences(of needle: String, in text: some StringProtocol) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    @Test func theVerdictAndWhyComeBeforeTheFirstFigure() throws {
        let fixture = try CertificateFixture.make(energyLimit: 0.5)
        defer { fixture.remove() }
        let html = CertificateHTML.render(
            fixture.document, temperatureLog: try TemperatureLog.read(from: fixture.store))
        let firstSVG = try #require(html.range(of: "<svg"))
        let verdict = try #require(html.range(of: "<div class=\"verdict-word\">FAIL</div>"))
        #expect(verdict.upperBound <= firstSVG.lowerBound)
        let failing = try #require(html.range(of: "energy per bit at 85 °C"))
        #expect(failing.upperBound <= firstSVG.lowerBound)
        let reason = try #require(fixture.document.reasons.first)
        let escapedReason = reason.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(
            of: "<", with: "&lt;"
        )
        .replacingOccurrences(of: ">", with: "&gt;")
        let why = try #require(html.range(of: escapedReason))
        #expect(why.upperBound <= firstSVG.lowerBound)
    }

    @Test func theLaneMapHasOneCellPerLaneWithSparesAndRemapsMarked() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let html = CertificateHTML.render(fixture.document, temperatureLog: [])
        let map = try #require(Self.svg(in: html, containing: "lane-map"))
        let cells = map.components(separatedBy: "<rect class=\"").dropFirst().map {
            $0.prefix { $0 != "\"" }.split(separator: " ")
        }
        .filter { $0.first == "lane" }
        #expect(cells.count == 416)
        #expect(cells.filter { $0.contains("fail") }.count == 3)
        #expect(cells.filter { $0.contains("spare") }.count == 16)
        #expect(cells.enumerated().filter { $0.element.contains("spare") }.map(\.offset) == Array(400..<416))
        #expect(cells.filter { $0.contains("remapped") }.count == 4)
        #expect(Self.occurrences(of: "class=\"remap-mark\"", in: map) == 4)
        #expect(map.contains("lane 7 (active): FAIL"))
        #expect(map.contains("remapped to spare 400"))
    }

    @Test func thePageIsSelfContainedAndPrintable() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let html = CertificateHTML.render(
            fixture.document, temperatureLog: try TemperatureLog.read(from: fixture.store))
        #expect(!html.contains("http://"))
        #expect(!html.contains("https://"))
        #expect(!html.lowercased().contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("<link"))
        #expect(html.contains("<style>"))
        #expect(html.contains("@media print"))
        for label in [
            "lane map", "BER gate decision per lane", "optical power against temperature",
            "energy per bit against temperature", "chamber air and DUT temperature",
        ] {
            #expect(html.contains("aria-label=\"\(label)"), "figure \(label)")
        }
        #expect(html.contains(fixture.document.statement))
        let endMark = try #require(html.range(of: fixture.document.endMark, options: .backwards))
        let statement = try #require(html.range(of: fixture.document.statement))
        #expect(statement.upperBound <= endMark.lowerBound)
        #expect(html.contains("CAL-PM-0001"))
        #expect(html.contains("2027-03-01"))
        #expect(html.contains("meter: no reply within 2000 ms; retry 1 of 3"))
    }

    @Test func textFromTheCertificateIsEscaped() throws {
        var document = try CertificateFixture.document()
        document.title = "Array <b>\"bold\"</b> & 'more'"
        document.reasons = ["<script>alert(1)</script>"]
        let html = CertificateHTML.render(document, temperatureLog: [])
        #expect(html.contains("Array &lt;b&gt;&quot;bold&quot;&lt;/b&gt; &amp; &#39;more&#39;"))
        #expect(!html.contains("<b>\"bold\"</b>"))
        #expect(html.contains("&lt;script&gt;alert(1)&lt;/script&gt;"))
        #expect(!html.lowercased().contains("<script"))
    }

    @Test func aLongTemperatureLogIsDrawnWithAtMostTwoThousandPoints() throws {
        let document = try CertificateFixture.document()
        let start = document.times.started.date
        var log: [TemperatureLog.Entry] = []
        for index in 0..<10_000 {
            let phase: Double = sin(Double(index) / 500)
            let air: Double = 25 + 60 * phase
            let dut: Double = 25 + 59 * phase
            log.append((start.addingTimeInterval(Double(index) * 10), air: air, dut: dut))
        }
        let html = CertificateHTML.render(document, temperatureLog: log)
        let plot = try #require(Self.svg(in: html, containing: "chart temperature"))
        let air = try #require(
            plot.components(separatedBy: "<path class=\"series-air\" d=\"").dropFirst().first?.prefix { $0 != "\"" })
        let points = air.split(separator: " ").filter { $0.hasPrefix("M") || $0.hasPrefix("L") }.count
        #expect(points <= 2000)
        #expect(points > 1000)
        #expect(plot.contains("step 1 85 °C started"))
    }

    @Test func aBurnInIsMarkedAtItsFirstReadPointNotAtEveryOne() throws {
        var document = try CertificateFixture.document()
        let start = document.times.started.date
        let template = try #require(document.environment.first)
        document.environment = (0..<12).map { point in
            var step = template
            step.index = point
            step.name = "burn-in 85 °C read point \(point)"
            step.kind = "burn-in-read-point"
            step.setpointCelsius = 85
            step.started = CertificateTime(start.addingTimeInterval(Double(point) * 600))
            return step
        }
        let log: [TemperatureLog.Entry] = (0..<100).map { (start.addingTimeInterval(Double($0) * 72), air: 85, dut: 85) }
        let html = CertificateHTML.render(document, temperatureLog: log)
        let plot = try #require(Self.svg(in: html, containing: "chart temperature"))
        #expect(plot.contains("step 0 burn-in 85 °C read point 0 started"))
        #expect(!plot.contains("read point 1 started"))
        #expect(!plot.contains("read point 11 started"))
        #expect(html.contains("a burn-in's first read point only"))
    }

    @Test func downsamplingKeepsTheExtremes() {
        let start = Date(timeIntervalSince1970: 0)
        var log: [TemperatureLog.Entry] = (0..<5000).map { (start.addingTimeInterval(Double($0)), air: 20, dut: nil) }
        log[1234].air = -40
        log[4321].air = 125
        let reduced = TemperatureLog.downsample(log, to: 2000)
        #expect(reduced.count <= 2000)
        #expect(reduced.contains { $0.air == -40 })
        #expect(reduced.contains { $0.air == 125 })
        #expect(zip(reduced, reduced.dropFirst()).allSatisfy { $0.0.0 < $0.1.0 })
        #expect(TemperatureLog.downsample(Array(log.prefix(10)), to: 2000).count == 10)
    }

    @Test func theTemperatureLogPairsAirAndDUTReadingsOfEachPoll() throws {
        let fixture = try CertificateFixture.make()
        defer { fixture.remove() }
        let log = try TemperatureLog.read(from: fixture.store)
        // Per step: the ramp and soak readings, then the measurement window's.
        let window = { (step: Int) in CertificateFixture.window.map { [25.0, 85.0][step] + $0 } }
        #expect(log.map(\.air) == (0..<2).flatMap { CertificateFixture.air[$0] + window($0) })
        #expect(log.map(\.dut) == (0..<2).flatMap { CertificateFixture.dut[$0] + window($0) })
        #expect(zip(log, log.dropFirst()).allSatisfy { $0.0.0 < $0.1.0 })
    }
}
