import Foundation
import Testing

/// `qualstation certificate verify RUN_DIR` walks run.sqlite's evidence chain: an untouched run verifies; editing,
/// deleting or inserting a measurement row with the sqlite3 tool makes it fail and name the row.
@Suite("tampered evidence, end to end", .serialized)
struct EvidenceTamperingTests {
    /// Runs `sql` on `database` with the sqlite3 tool, waiting on a thread of its own.
    static func sqlite(_ database: URL, _ sql: String) async throws {
        try await QualStationProcess.blocking {
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["sqlite3", database.path, sql]
            try process.run()
            process.waitUntilExit()
            guard process.terminationStatus == 0 else { throw TamperFailed(sql: sql) }
        }
    }

    struct TamperFailed: Error, CustomStringConvertible {
        var sql: String
        var description: String { "sqlite3 failed on: \(sql)" }
    }

    struct Verification: Decodable {
        struct Chain: Decodable {
            struct Row: Decodable {
                var kind: String
                var table: String
                var id: Int?
            }
            var valid: Bool
            var rows: Int
            var first_bad_row: Row?
        }
        var valid: Bool
        var evidence_chain: Chain?
    }

    @Test(
        "an edited, deleted or inserted measurement row fails verify, which names it",
        arguments: [
            ("UPDATE measurement SET value = value + 5 WHERE id = 1000", "altered", 1000),
            ("DELETE FROM measurement WHERE id = 2000", "deleted", 2000),
            (
                "INSERT INTO measurement (step_index, attempt, lane, quantity, value, unit, time, instrument) "
                    + "SELECT step_index, attempt, lane, quantity, value, unit, time, instrument FROM measurement WHERE id = 5",
                "inserted", -1
            ),
        ])
    func tampered(sql: String, kind: String, id: Int) async throws {
        let (run, keys, directory) = try await QualStationProcess.quickCheck(
            dut: "EVID-0001", scratch: try QualStationProcess.scratchDirectory())
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        let clean = try await QualStationProcess.run(["certificate", "verify", "--json", directory.path], keyDirectory: keys)
        #expect(clean.status == 0, "\(clean.output)\(clean.errorOutput)")
        let before = try JSONDecoder().decode(Verification.self, from: Data(clean.output.utf8))
        #expect(before.valid && before.evidence_chain?.valid == true)
        let rows = try #require(before.evidence_chain?.rows)
        #expect(rows > 2000)

        let database = directory.appendingPathComponent("run.sqlite")
        try await Self.sqlite(database, sql)
        let text = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
        #expect(text.status == 1)
        #expect(text.output.contains("measurement id"), "\(text.output)")
        let json = try await QualStationProcess.run(["certificate", "verify", "--json", directory.path], keyDirectory: keys)
        #expect(json.status == 1)
        let after = try JSONDecoder().decode(Verification.self, from: Data(json.output.utf8))
        #expect(!after.valid)
        let bad = try #require(after.evidence_chain?.first_bad_row, "\(json.output)")
        #expect(bad.kind == kind && bad.table == "measurement", "\(json.output)")
        if id > 0 {
            #expect(bad.id == id, "\(json.output)")
            #expect(text.output.contains("measurement id \(id) "), "\(text.output)")
        } else {
            // The inserted row takes the next measurement id, after every recorded one.
            let inserted = try #require(bad.id, "\(json.output)")
            #expect(inserted > 2000 && text.output.contains("measurement id \(inserted) "), "\(text.output)")
        }
    }

    @Test("another run's intact run.sqlite put in its place fails verify: the certificate's chain head is not its head")
    func swappedDatabase() async throws {
        let scratch = try QualStationProcess.scratchDirectory()
        let (run, keys, directory) = try await QualStationProcess.quickCheck(dut: "EVID-0002", scratch: scratch)
        #expect(run.status == 0, "\(run.output)\(run.errorOutput)")
        let other = scratch.appendingPathComponent("other")
        let second = try await QualStationProcess.run(
            ["run", "--station", "stations/simulated.yaml", "--profile", "profiles/quick-check.yaml", "--dut", "EVID-0003",
             "--seed", "7", "--out", other.path], keyDirectory: keys)
        #expect(second.status == 0, "\(second.output)\(second.errorOutput)")

        let database = directory.appendingPathComponent("run.sqlite")
        for suffix in ["", "-wal", "-shm"] { try? FileManager.default.removeItem(atPath: database.path + suffix) }
        try FileManager.default.copyItem(at: other.appendingPathComponent("run.sqlite"), to: database)
        let text = try await QualStationProcess.run(["certificate", "verify", directory.path], keyDirectory: keys)
        #expect(text.status == 1, "\(text.output)\(text.errorOutput)")
        #expect(text.output.contains("run.sqlite is not the evidence certified"), "\(text.output)")
        let json = try await QualStationProcess.run(["certificate", "verify", "--json", directory.path], keyDirectory: keys)
        let after = try JSONDecoder().decode(Verification.self, from: Data(json.output.utf8))
        #expect(!after.valid && after.evidence_chain?.valid == true, "the swapped chain is intact in itself: \(json.output)")
    }
}
