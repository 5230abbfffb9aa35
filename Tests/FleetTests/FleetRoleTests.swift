import Fleet
import Foundation
import Testing

extension FleetTests {
    @Test("row-level security: station A cannot touch station B's rows; the read-only role cannot write")
    func leastPrivilege() async throws {
        let url = try await TestPostgres.freshDatabase()
        try TestPostgres.psqlFile(FleetRuns.packageRoot.appendingPathComponent("deploy/postgres/roles.sql").path, url)
        let suffix = url.database.replacingOccurrences(of: "fleet_test_", with: "")
        let (roleA, roleB, reader) = ("station_a_\(suffix)", "station_b_\(suffix)", "reader_\(suffix)")
        let admin = try await FleetConnection.connect(url)
        for (role, group) in [(roleA, "qualstation_station"), (roleB, "qualstation_station"), (reader, "qualstation_reader")] {
            try await admin.execute("CREATE ROLE \(role) LOGIN IN ROLE \(group)", "creating \(role)")
        }
        try await admin.execute(
            "INSERT INTO fleet.station_role VALUES ('\(roleA)', 'STATION-A'), ('\(roleB)', 'STATION-B')", "mapping roles")
        func insertRun(_ id: String, _ station: String) -> String {
            """
            INSERT INTO fleet.run (run_id, station_id, dut, operator_name, profile_name, profile_version, station_sha256,
                profile_sha256, software_version, started_at, status)
            VALUES ('\(id)', '\(station)', 'D', 'op', 'p', '1', 'x', 'y', 't', now(), 'running')
            """
        }
        try await admin.execute(insertRun("RUN-B", "STATION-B"), "station B's run")
        await admin.close()

        let stationA = try await FleetConnection.connect(TestPostgres.asUser(roleA, url))
        // Its own rows: allowed.
        try await stationA.execute(insertRun("RUN-A", "STATION-A"), "station A's own run")
        let own = try await stationA.table("UPDATE fleet.run SET status = 'completed' WHERE run_id = 'RUN-A' RETURNING run_id", "own")
        #expect(own.rows.count == 1)
        // B's rows: invisible to UPDATE, and no row of B's can be written.
        let other = try await stationA.table("UPDATE fleet.run SET verdict = 'PASS' WHERE run_id = 'RUN-B' RETURNING run_id", "other")
        #expect(other.rows.isEmpty)
        await #expect(throws: FleetError.self) { try await stationA.execute(insertRun("RUN-B2", "STATION-B"), "forged") }
        await #expect(throws: FleetError.self) {
            try await stationA.execute("UPDATE fleet.run SET station_id = 'STATION-B' WHERE run_id = 'RUN-A'", "move")
        }
        await #expect(throws: FleetError.self) { try await stationA.execute("DELETE FROM fleet.run WHERE run_id = 'RUN-A'", "delete") }
        await #expect(throws: FleetError.self) {
            try await stationA.execute("UPDATE fleet.station_role SET station_id = 'STATION-B'", "remap")
        }
        await stationA.close()

        let readOnly = try await FleetConnection.connect(TestPostgres.asUser(reader, url))
        let visible = try await readOnly.table("SELECT run_id FROM fleet.run ORDER BY run_id", "read")
        #expect(visible.rows.map { $0[0] } == ["RUN-A", "RUN-B"])
        await #expect(throws: FleetError.self) { try await readOnly.execute(insertRun("RUN-R", "STATION-A"), "reader insert") }
        await #expect(throws: FleetError.self) {
            try await readOnly.execute("UPDATE fleet.run SET verdict = 'PASS'", "reader update")
        }
        await readOnly.close()

        // B's run is as it was.
        let check = try await FleetConnection.connect(url)
        let b = try await check.table("SELECT verdict FROM fleet.run WHERE run_id = 'RUN-B'", "check")
        #expect(b.rows == [[nil]])
        await check.close()
    }

    @Test("migrations are versioned and run once")
    func migrationsOnce() async throws {
        let url = try await TestPostgres.freshDatabase()
        let connection = try await FleetConnection.connect(url)
        let again = try await FleetMigrator.migrate(connection)
        #expect(again.applied.isEmpty && again.version == FleetSchema.latestVersion)
        await connection.close()
    }
}
