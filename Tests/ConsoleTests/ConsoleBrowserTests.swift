import Foundation
import Testing

/// The console in a real browser: Peers/console_browser.py drives Debian's headless chromium through Selenium while
/// a paced simulated run goes on, parses /metrics with prometheus_client and runs schemathesis against the API.
/// Screenshots of every page land in .build/console-screenshots/. Missing Python packages or chromium are a
/// failure, not a skip: CI installs them.
@Suite("Console in a browser")
struct ConsoleBrowserTests {
    @Test("live page, lane map, verdict and VALID, start from the page, abort to INCOMPLETE, /metrics and schemathesis")
    func browser() async throws {
        let fixture = try ConsoleFixture(pace: 5)
        defer { fixture.remove() }
        let screenshots = ConsoleFixture.packageRoot.appendingPathComponent(".build/console-screenshots").path
        let script = ConsoleFixture.packageRoot.appendingPathComponent("Tests/ConsoleTests/Peers/console_browser.py").path
        let (status, output) = try await fixture.withConsole { probe, _ in
            let run = try fixture.startRun(dut: "BURN-1", station: "paced.yaml", profile: "two-point.yaml")
            defer { if run.isRunning { run.terminate() } }
            let live = try await ConsoleFixture.eventually(120) {
                (try await probe.request("/api/runs").body).contains("\"state\":\"live\"")
            }
            let listed = try await probe.request("/api/runs").body
            #expect(live, "BURN-1 never seen live: \(listed)\n\(fixture.log("BURN-1"))")
            return try await ConsoleFixture.output(
                of: "/usr/bin/env", ["python3", script, "http://127.0.0.1:\(probe.port)", fixture.runs.path, "BURN-1", screenshots],
                environment: fixture.environment)
        }
        #expect(status == 0, "\(output)")
        #expect(output.contains("all browser, metrics and API checks passed"), "\(output)")
    }
}
