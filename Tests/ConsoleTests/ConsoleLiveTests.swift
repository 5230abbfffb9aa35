import Console
import Foundation
import GRDB
import Testing

/// Live runs (a simulated station paced against the wall clock): the list and stream follow them, and the actions
/// start, abort and resume them for real.
@Suite("Console live runs and actions", .serialized)
struct ConsoleLiveTests {
    static func runs(_ probe: HTTPProbe) async throws -> [[String: Any]] {
        (try JSONSerialization.jsonObject(with: Data(try await probe.request("/api/runs").body.utf8)) as? [[String: Any]]) ?? []
    }

    static func state(_ probe: HTTPProbe, _ id: String) async throws -> String? {
        try await runs(probe).first { $0["id"] as? String == id }?["state"] as? String
    }

    static func events(_ fixture: ConsoleFixture, _ id: String) throws -> [(kind: String, message: String)] {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: fixture.runs.appendingPathComponent(id).appendingPathComponent("run.sqlite").path, configuration: configuration)
        return try queue.read { db in
            try Row.fetchAll(db, sql: "SELECT kind, message FROM event ORDER BY id").map { ($0["kind"], $0["message"]) }
        }
    }

    @Test("a live run is on top with step, phase and temperatures; its stream sends updates as readings are recorded")
    func liveRunStreams() async throws {
        // Slow enough (over a minute and a half) that a machine loaded by the whole suite still sees it live;
        // stopped once checked.
        let fixture = try ConsoleFixture(pace: 1)
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "OLD-1") == 0)
        let process = try fixture.startRun(dut: "LIVE-1", station: "paced.yaml")
        defer { if process.isRunning { process.terminate() } }
        try await fixture.withConsole { probe, _ in
            let live = try await ConsoleFixture.eventually(120) { try await Self.state(probe, "LIVE-1") == "live" }
            let listed = try await probe.request("/api/runs").body
            #expect(live, "LIVE-1 never seen live: \(listed)\n\(fixture.log("LIVE-1"))")
            let list = try await Self.runs(probe)
            #expect(list.first?["id"] as? String == "LIVE-1", "live runs stand on top")
            let progress = try #require(list.first?["progress"] as? [String: Any])
            #expect(progress["step_count"] as? Int == 1)
            #expect(["ramp", "soak", "measure", "gate", "idle"].contains(progress["phase"] as? String ?? ""))
            #expect(try await ConsoleFixture.eventually {
                ((try await Self.runs(probe).first?["progress"] as? [String: Any])?["dut_celsius"] as? Double) != nil
            })

            let text = try await probe.stream("/runs/LIVE-1/stream") { text in
                text.components(separatedBy: "event: update").count > 4
            }
            let ids = text.split(separator: "\n").filter { $0.hasPrefix("id: ") }
            #expect(ids.count >= 4)
            #expect(Set(ids).count == ids.count, "each update carries new data")
            let page = try await probe.request("/runs/LIVE-1")
            #expect(page.body.contains("new EventSource('/runs/LIVE-1/stream')"))
            #expect(page.body.contains("id=\"abort\""))
        }
        process.terminate()
        process.waitUntilExit()
        #expect([0, 2].contains(process.terminationStatus))
    }

    @Test("abort from the API ends the run INCOMPLETE in its safe state, with who asked in its events; resume finishes it")
    func abortAndResume() async throws {
        let fixture = try ConsoleFixture(pace: 10)
        defer { fixture.remove() }
        let process = try fixture.startRun(dut: "ABORT-1", station: "paced.yaml")
        defer { if process.isRunning { process.terminate() } }
        try await fixture.withConsole { probe, _ in
            #expect(try await ConsoleFixture.eventually(120) { try await Self.state(probe, "ABORT-1") == "live" })
            let unconfirmed = try await probe.request("/api/runs/ABORT-1/abort", method: "POST", headers: ["Content-Type": "application/json"], body: #"{"requested_by": "night shift"}"#)
            #expect(unconfirmed.status == 400)
            let abort = try await probe.request("/api/runs/ABORT-1/abort", method: "POST", headers: ["Content-Type": "application/json"],
                body: #"{"requested_by": "night shift", "confirm": true}"#)
            #expect(abort.status == 202, "\(abort.body)")
            #expect(try await ConsoleFixture.eventually { try await Self.state(probe, "ABORT-1") == "INCOMPLETE" })
            let events = try Self.events(fixture, "ABORT-1")
            #expect(events.contains { $0.kind == "console" && $0.message.contains("abort requested from the console by night shift") })
            #expect(events.contains { $0.message.contains("safe state") && $0.message.contains("supply off") }, "\(events)")

            let again = try await probe.request("/api/runs/ABORT-1/abort", method: "POST", headers: ["Content-Type": "application/json"], body: #"{"requested_by": "x", "confirm": true}"#)
            #expect(again.status == 409)
            let resume = try await probe.request("/api/runs/ABORT-1/resume", method: "POST", headers: ["Content-Type": "application/json"],
                body: #"{"requested_by": "day shift", "confirm": true}"#)
            #expect(resume.status == 202, "\(resume.body)")
            #expect(try await ConsoleFixture.eventually(120) { try await Self.state(probe, "ABORT-1") == "PASS" })
            #expect(try Self.events(fixture, "ABORT-1").contains { $0.kind == "console" && $0.message.contains("by day shift") })
        }
        process.waitUntilExit()
        #expect(process.terminationStatus == 2)
    }

    @Test("a run started from the API after validate runs detached to its verdict, with who asked in its events")
    func startFromAPI() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        try await fixture.withConsole { probe, _ in
            let check = try await probe.request("/api/validate", method: "POST", headers: ["Content-Type": "application/json"], body: #"{"station": "simulated.yaml", "profile": "quick-check.yaml"}"#)
            let checked = try #require(try JSONSerialization.jsonObject(with: Data(check.body.utf8)) as? [String: Any])
            #expect(checked["ok"] as? Bool == true)
            #expect((checked["estimated_seconds"] as? Double ?? 0) > 0)
            let outside = try await probe.request("/api/validate", method: "POST", headers: ["Content-Type": "application/json"], body: #"{"station": "../simulated.yaml", "profile": "quick-check.yaml"}"#)
            #expect(outside.status == 400)
            let start = try await probe.request("/api/runs", method: "POST", headers: ["Content-Type": "application/json"],
                body: #"{"station": "simulated.yaml", "profile": "quick-check.yaml", "dut": "START-1", "operator": "Ana", "lot": "L9", "requested_by": "Ana", "confirm": true}"#)
            #expect(start.status == 202, "\(start.body)")
            let id = try #require((try JSONSerialization.jsonObject(with: Data(start.body.utf8)) as? [String: String])?["id"])
            #expect(id.hasPrefix("START-1-"))
            #expect(try await ConsoleFixture.eventually(120) { try await Self.state(probe, id) == "PASS" })
            let run = try #require(try await Self.runs(probe).first { $0["id"] as? String == id })
            #expect(run["lot"] as? String == "L9" && run["operator_name"] as? String == "Ana")
            #expect(try await ConsoleFixture.eventually(10) {
                try Self.events(fixture, id).contains { $0.kind == "console" && $0.message.contains("started from the console by Ana") }
            })
        }
    }
}
