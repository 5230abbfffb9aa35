import Fleet
import Foundation
import GRDB
import Testing

extension FleetTests {
    /// Each report query equals the same answer computed directly from the run.sqlite and certificate files.
    static func expectReportsMatch(_ directories: [String], _ url: FleetURL) async throws {
        struct Local: Sendable {
            var station: String
            var lot: String?
            var verdict: String?
            var laneFailures: [String: Int]
            var causes: [String]
        }
        var locals: [Local] = []
        for directory in directories {
            let queue = try DatabaseQueue(path: directory + "/run.sqlite")
            let local = try await queue.read { db -> Local in
                let metadata = try String.fetchOne(db, sql: "SELECT metadata FROM run") ?? "{}"
                let object = try JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: Any] ?? [:]
                var failures: [String: Int] = [:]
                for row in try Row.fetchAll(
                    db,
                    sql: """
                        SELECT m.lane, s.setpoint_celsius FROM measurement m
                        JOIN step s ON s.step_index = m.step_index AND m.attempt = coalesce(s.completed_attempt, s.attempt)
                        WHERE m.quantity = 'ber_decision' AND m.value = 0
                        """)
                {
                    let key = "\(row[0] as Int? ?? -1)@\(row[1] as Double? ?? .nan)"
                    failures[key, default: 0] += 1
                }
                return Local(
                    station: object["station.id"] as? String ?? "", lot: object["lot"] as? String,
                    verdict: try String.fetchOne(db, sql: "SELECT verdict FROM run"), laneFailures: failures, causes: [])
            }
            var withCauses = local
            let certificate = try JSONSerialization.jsonObject(
                with: try Data(contentsOf: URL(fileURLWithPath: directory + "/certificate.json"))) as? [String: Any] ?? [:]
            for criterion in certificate["criteria"] as? [[String: Any]] ?? [] where criterion["verdict"] as? String != "PASS" {
                withCauses.causes.append(criterion["name"] as? String ?? "")
            }
            locals.append(withCauses)
        }
        let connection = try await FleetConnection.connect(url)
        defer { Task { await connection.close() } }

        // Yield by lot and by station.
        for question in [FleetReport.Question.yieldByLot, .yieldByStation] {
            let keyOf: (Local) -> String = question == .yieldByLot ? { $0.lot ?? "-" } : { $0.station }
            let table = try await FleetReport.answer(question, FleetFilter(), on: connection)
            var expected: [String: (runs: Int, pass: Int)] = [:]
            for local in locals where local.verdict != nil {
                let name = keyOf(local)
                expected[name, default: (0, 0)].runs += 1
                if local.verdict == "PASS" { expected[name, default: (0, 0)].pass += 1 }
            }
            let got = Dictionary(uniqueKeysWithValues: table.rows.map { row in
                (row[0] ?? "-", (Int(row[1] ?? "") ?? -1, Int(row[2] ?? "") ?? -1))
            })
            #expect(got.count == expected.count, "\(question.rawValue)")
            for (name, value) in expected {
                #expect(got[name]?.0 == value.runs && got[name]?.1 == value.pass, "\(question.rawValue) \(name)")
            }
        }

        // A filter narrows to one lot.
        let lotA = try await FleetReport.answer(.yieldByLot, FleetFilter(lot: "LOT-A"), on: connection)
        #expect(lotA.rows.count == 1 && lotA.rows.first?[1] == String(locals.filter { $0.lot == "LOT-A" && $0.verdict != nil }.count))

        // Lane failures per lane and temperature.
        let lanes = try await FleetReport.answer(.laneFailures, FleetFilter(), on: connection)
        var expectedLanes: [String: Int] = [:]
        for local in locals {
            for (key, count) in local.laneFailures { expectedLanes[key, default: 0] += count }
        }
        var gotLanes: [String: Int] = [:]
        for row in lanes.rows {
            let key = "\(row[0].flatMap { Int($0) } ?? -1)@\(row[1].flatMap { Double($0) } ?? .nan)"
            gotLanes[key] = Int(row[3] ?? "")
        }
        #expect(gotLanes == expectedLanes)

        // Failure causes.
        let causes = try await FleetReport.answer(.failureCauses, FleetFilter(), on: connection)
        var expectedCauses: [String: Int] = [:]
        for local in locals {
            for cause in local.causes { expectedCauses[cause, default: 0] += 1 }
        }
        let gotCauses = Dictionary(uniqueKeysWithValues: causes.rows.map { ($0[0] ?? "", Int($0[1] ?? "") ?? -1) })
        #expect(gotCauses == expectedCauses)

        // Station utilisation: one row per station, each with its run.
        let utilisation = try await FleetReport.answer(.stationUtilisation, FleetFilter(), on: connection)
        #expect(Set(utilisation.column("station_id").compactMap { $0 }) == Set(locals.map(\.station)))

        // fleet find.
        let found = try await FleetReport.find(serial: "FA-0001", on: connection)
        #expect(found.rows.count == 1)
    }
}
