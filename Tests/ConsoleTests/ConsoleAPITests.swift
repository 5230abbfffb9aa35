import Console
import Foundation
import GRDB
import Testing

/// The JSON API, pages, CSV and /metrics against run directories made by real simulated runs, checked against
/// run.sqlite itself.
@Suite("Console API over real runs")
struct ConsoleAPITests {
    static func json(_ text: String) throws -> Any {
        try JSONSerialization.jsonObject(with: Data(text.utf8))
    }

    static func database(_ fixture: ConsoleFixture, _ dut: String) throws -> DatabaseQueue {
        var configuration = Configuration()
        configuration.readonly = true
        return try DatabaseQueue(path: fixture.runs.appendingPathComponent(dut).appendingPathComponent("run.sqlite").path, configuration: configuration)
    }

    @Test("list, filters, run detail and verification of finished runs agree with run.sqlite and certificate verify")
    func finishedRuns() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "API-1", lot: "LOT-A") == 0)
        #expect(try await fixture.run(dut: "API-2", lot: "LOT-B") == 0)
        try await fixture.withConsole { probe, _ in
            let list = try #require(try Self.json(try await probe.request("/api/runs").body) as? [[String: Any]])
            #expect(list.map { $0["id"] as? String } == ["API-2", "API-1"])
            #expect(list.allSatisfy { $0["state"] as? String == "PASS" && $0["station"] as? String == "SIM-CPO-01" })
            for (query, expected) in [("lot=LOT-A", ["API-1"]), ("dut=api-2", ["API-2"]), ("verdict=FAIL", []), ("verdict=pass", ["API-2", "API-1"]),
                                      ("profile=quick", ["API-2", "API-1"]), ("station=nowhere", [])] {
                let filtered = try #require(try Self.json(try await probe.request("/api/runs?\(query)").body) as? [[String: Any]])
                #expect(filtered.map { $0["id"] as? String } == expected, "\(query)")
            }

            let detail = try #require(try Self.json(try await probe.request("/api/runs/API-1").body) as? [String: Any])
            let queue = try Self.database(fixture, "API-1")
            let (decisions, rejected, events, steps) = try await queue.read { db in
                (try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision'") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision' AND value = 0") ?? -1,
                 try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM event") ?? -1,
                 try String.fetchAll(db, sql: "SELECT name FROM step ORDER BY step_index"))
            }
            let lanes = try #require(detail["lanes"] as? [String: Any])
            #expect(lanes["decided"] as? Int == decisions)
            #expect(lanes["failed"] as? Int == rejected)
            #expect((lanes["lanes"] as? [String])?.count == 416)
            #expect((detail["events"] as? [Any])?.count == min(events, 200))
            #expect((detail["steps"] as? [[String: Any]])?.map { $0["name"] as? String } == steps)
            #expect(((detail["temperatures"] as? [Any])?.count ?? 0) > 3)
            #expect(detail["files"] as? [String] == ["certificate.html", "certificate.json", "certificate.jws", "events.log"])

            let verification = try #require(try Self.json(try await probe.request("/api/runs/API-1/verification").body) as? [String: Any])
            #expect(verification["result"] as? String == "VALID")
            #expect(verification["verdict"] as? String == "PASS")

            let page = try await probe.request("/runs/API-1")
            #expect(page.status == 200)
            #expect(page.body.contains("id=\"verification\" class=\"valid\">VALID"))
            #expect(page.body.contains("/runs/API-1/files/certificate.json") && page.body.contains("/runs/API-1/measurements.csv"))
            #expect(!page.body.contains("http://") && !page.body.contains("https://"), "the page fetches nothing from elsewhere")
            let listPage = try await probe.request("/?lot=LOT-B")
            #expect(listPage.body.contains("API-2") && !listPage.body.contains(">API-1<"))
        }
    }

    @Test("the measurements CSV holds every measurement row of run.sqlite")
    func measurementsCSV() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "CSV-1") == 0)
        let count = try await Self.database(fixture, "CSV-1").read { try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM measurement") ?? -1 }
        try await fixture.withConsole { probe, _ in
            let reply = try await probe.request("/runs/CSV-1/measurements.csv")
            #expect(reply.status == 200)
            let lines = reply.body.split(separator: "\n")
            #expect(lines.first == "id,step_index,attempt,lane,quantity,value,unit,time_utc,instrument")
            #expect(lines.count == count + 1)
            #expect(count > 5000, "more than one chunk is streamed")
        }
    }

    @Test("/metrics is Prometheus text with the run's figures from run.sqlite")
    func metrics() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        #expect(try await fixture.run(dut: "MET-1") == 0)
        let rejected = try await Self.database(fixture, "MET-1").read {
            try Int.fetchOne($0, sql: "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision' AND value = 0") ?? -1
        }
        try await fixture.withConsole { probe, _ in
            let reply = try await probe.request("/metrics")
            #expect(reply.status == 200)
            let labels = "station=\"SIM-CPO-01\",run=\"MET-1\",dut=\"MET-1\""
            #expect(reply.body.contains("qualstation_run_state{\(labels),state=\"PASS\"} 1"))
            #expect(reply.body.contains("qualstation_lanes_failed{\(labels)} \(Double(rejected))"))
            #expect(reply.body.contains("qualstation_lanes_decided{\(labels)} 416.0"))
            #expect(reply.body.contains("# TYPE qualstation_station_faults_total counter"))
        }
    }

    @Test("the OpenAPI document is JSON naming every API path the console serves")
    func openAPI() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        try await fixture.withConsole { probe, _ in
            let document = try #require(try Self.json(try await probe.request("/api/openapi.json").body) as? [String: Any])
            #expect((document["openapi"] as? String)?.hasPrefix("3.") == true)
            let paths = try #require(document["paths"] as? [String: Any])
            for path in ["/api/runs", "/api/runs/{id}", "/api/runs/{id}/verification", "/api/runs/{id}/abort", "/api/runs/{id}/resume", "/api/validate", "/api/batches"] {
                #expect(paths[path] != nil, "\(path)")
            }
        }
    }
}
