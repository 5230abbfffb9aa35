import Foundation
import Testing

/// deploy/prometheus/qualstation-rules.yml: promtool accepts it, its unit tests fire each alert on series shaped like
/// the console's, and every metric it names is one the console really emits for a live run.
@Suite("Console alert rules")
struct ConsoleRulesTests {
    static let rules = ConsoleFixture.packageRoot.appendingPathComponent("deploy/prometheus/qualstation-rules.yml").path

    static func promtool(_ arguments: [String]) async throws -> (Int32, String) {
        try await ConsoleFixture.output(of: "/usr/bin/env", ["promtool"] + arguments)
    }

    @Test("promtool checks the rules and their unit tests pass")
    func promtoolAccepts() async throws {
        let (checked, checkOutput) = try await Self.promtool(["check", "rules", Self.rules])
        #expect(checked == 0, "\(checkOutput)")
        #expect(checkOutput.contains("4 rules found"))
        let (tested, testOutput) = try await Self.promtool(["test", "rules", "Tests/ConsoleTests/Peers/qualstation-rules.test.yml"])
        #expect(tested == 0, "\(testOutput)")
    }

    @Test("every metric the rules name is on the console's /metrics while a run is live")
    func namesExist() async throws {
        let text = try String(contentsOfFile: Self.rules, encoding: .utf8)
        let regex = try NSRegularExpression(pattern: "qualstation_[a-z_]+")
        let names = Set(regex.matches(in: text, range: NSRange(text.startIndex..., in: text)).compactMap {
            Range($0.range, in: text).map { String(text[$0]) }
        })
        #expect(names.count >= 8)
        // Paced at one simulated second per second, so a machine loaded by the whole suite still sees it live.
        let fixture = try ConsoleFixture(pace: 1)
        defer { fixture.remove() }
        let run = try fixture.startRun(dut: "RULES-1", station: "paced.yaml")
        defer { if run.isRunning { run.terminate() } }
        try await fixture.withConsole { probe, _ in
            var missing = names
            let seen = try await ConsoleFixture.eventually(120) {
                let metrics = try await probe.request("/metrics").body
                missing = missing.filter { !metrics.contains("\n\($0){") && !metrics.hasPrefix("\($0){") }
                return missing.isEmpty
            }
            #expect(seen, "never seen on /metrics: \(missing.sorted())\n\(fixture.log("RULES-1"))")
        }
        run.terminate()
        run.waitUntilExit()
    }
}
