import Console
import Foundation
import GRDB
import Testing

/// A batch (two DUTs in the shipped simulated batch station, quick-check) on the run list: one card with a lane map
/// per member, live and finished, and the grouping in the JSON API; single runs stay rows.
@Suite("Console batch cards over real batch runs", .serialized)
struct ConsoleBatchTests {
    static let members = ["S1": "BATCH-A", "S2": "BATCH-B"]

    /// The shipped batch station in the fixture's `stations/` as `batch.yaml`, and a copy paced at `pace` simulated
    /// seconds per wall-clock second as `batch-paced.yaml`.
    static func stations(_ fixture: ConsoleFixture, pace: Double = 3) throws {
        let station = try String(contentsOf: ConsoleFixture.packageRoot.appendingPathComponent("stations/simulated-batch.yaml"), encoding: .utf8)
        #expect(station.contains("\nsimulation:\n"))
        try station.write(to: fixture.stations.appendingPathComponent("batch.yaml"), atomically: true, encoding: .utf8)
        let paced = station.replacingOccurrences(of: "\nsimulation:\n", with: "\nsimulation:\n  pace: \(pace)\n")
        try paced.write(to: fixture.stations.appendingPathComponent("batch-paced.yaml"), atomically: true, encoding: .utf8)
    }

    /// Starts `qualstation run` of a batch of ``members`` into the runs root; its output goes to `batch.log`.
    static func startBatch(_ fixture: ConsoleFixture, station: String) throws -> Process {
        try fixture.start([
            "run", "--station", fixture.stations.appendingPathComponent(station).path, "--profile",
            fixture.profiles.appendingPathComponent("quick-check.yaml").path, "--out", fixture.runs.path,
        ] + members.keys.sorted().flatMap { ["--socket", "\($0)=\(members[$0] ?? "")"] }, log: "batch")
    }

    static func json(_ probe: HTTPProbe, _ path: String) async throws -> [[String: Any]] {
        (try JSONSerialization.jsonObject(with: Data(try await probe.request(path).body.utf8)) as? [[String: Any]]) ?? []
    }

    /// How often `needle` occurs in `text`.
    static func count(_ needle: String, in text: String) -> Int {
        text.components(separatedBy: needle).count - 1
    }

    /// A member's verdict and lane decisions as its run.sqlite records them.
    static func recorded(_ fixture: ConsoleFixture, _ id: String) throws -> (verdict: String?, decided: Int, rejected: Int) {
        var configuration = Configuration()
        configuration.readonly = true
        let queue = try DatabaseQueue(path: fixture.runs.appendingPathComponent(id).appendingPathComponent("run.sqlite").path, configuration: configuration)
        return try queue.read { db in
            (try String.fetchOne(db, sql: "SELECT verdict FROM run"),
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision'") ?? -1,
             try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement WHERE quantity = 'ber_decision' AND value = 0") ?? -1)
        }
    }

    @Test("a finished batch is one card with a lane map per member; /api/batches and each run's batch object group them; a single run stays a row")
    func finishedBatch() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        try Self.stations(fixture)
        #expect(try await fixture.run(dut: "SOLO-1") == 0)
        let process = try Self.startBatch(fixture, station: "batch.yaml")
        let status = try await HTTPProbe.blocking {
            process.waitUntilExit()
            return process.terminationStatus
        }
        #expect([0, 1].contains(status), "\(fixture.log("batch"))")
        try await fixture.withConsole { probe, _ in
            let runs = try await Self.json(probe, "/api/runs")
            #expect(runs.count == 3)
            let solo = try #require(runs.first { $0["id"] as? String == "SOLO-1" })
            #expect(solo["batch"] == nil)
            let members = runs.filter { $0["batch"] != nil }
            #expect(members.count == 2)
            let memberships = members.compactMap { $0["batch"] as? [String: Any] }
            let batchID = try #require(memberships.first?["id"] as? String)
            #expect(batchID.hasPrefix("BATCH-"))
            #expect(memberships.allSatisfy { $0["id"] as? String == batchID })
            #expect(Set(memberships.compactMap { $0["socket"] as? String }) == ["S1", "S2"])
            #expect(memberships.allSatisfy { Set($0["members"] as? [String] ?? []) == ["S1=BATCH-A", "S2=BATCH-B"] })

            let batches = try await Self.json(probe, "/api/batches")
            #expect(batches.count == 1)
            let batch = try #require(batches.first)
            #expect(batch["id"] as? String == batchID)
            #expect(batch["station"] as? String == "SIM-CPO-BATCH-01")
            #expect(members.allSatisfy { $0["station"] as? String == "SIM-CPO-BATCH-01" })
            #expect(batch["profile"] as? String == "quick-check")
            let cardMembers = try #require(batch["members"] as? [[String: Any]])
            #expect(cardMembers.map { $0["socket"] as? String } == ["S1", "S2"])
            #expect(cardMembers.map { $0["dut"] as? String } == ["BATCH-A", "BATCH-B"])
            for member in cardMembers {
                let id = try #require(member["run"] as? String)
                let recorded = try Self.recorded(fixture, id)
                #expect(member["verdict"] as? String == recorded.verdict)
                #expect(member["state"] as? String == recorded.verdict)
                let lanes = try #require(member["lanes"] as? [String: Any])
                #expect((lanes["lanes"] as? [String])?.count == 416)
                #expect(lanes["decided"] as? Int == recorded.decided)
                #expect(lanes["failed"] as? Int == recorded.rejected)
            }
            #expect(try await Self.json(probe, "/api/batches?dut=SOLO").isEmpty)

            let page = try await probe.request("/").body
            #expect(Self.count("class=\"batch-card\"", in: page) == 1)
            #expect(page.contains("data-batch=\"\(batchID)\""))
            #expect(Self.count("class=\"lanes small\"", in: page) == 2)
            #expect(Self.count("class=\"lane ", in: page) == 2 * 416)
            #expect(page.contains("<tr data-run=\"SOLO-1\">"), "a single run stays a row")
            for member in cardMembers {
                let id = try #require(member["run"] as? String)
                #expect(!page.contains("<tr data-run=\"\(id)\">"), "a batch member is no row of its own")
                #expect(page.contains("class=\"batch-member\" data-run=\"\(id)\""))
            }
        }
    }

    @Test("a live batch is one live card with both members' lane maps, and the list reloads itself")
    func liveBatch() async throws {
        let fixture = try ConsoleFixture()
        defer { fixture.remove() }
        try Self.stations(fixture, pace: 1)
        let process = try Self.startBatch(fixture, station: "batch-paced.yaml")
        defer { if process.isRunning { process.terminate() } }
        try await fixture.withConsole { probe, _ in
            let live = try await ConsoleFixture.eventually(120) {
                let batches = try await Self.json(probe, "/api/batches")
                return batches.count == 1 && (batches.first?["members"] as? [Any])?.count == 2 && batches.first?["state"] as? String == "live"
            }
            #expect(live, "the batch was never seen live: \(fixture.log("batch"))")
            let page = try await probe.request("/").body
            #expect(Self.count("class=\"batch-card\"", in: page) == 1)
            #expect(Self.count("class=\"lanes small\"", in: page) == 2)
            #expect(page.contains("<span class=\"state live\">live</span> batch"))
            #expect(page.contains("http-equiv=\"refresh\""), "the list reloads while a batch is live")
        }
        process.terminate()
        process.waitUntilExit()
    }
}
