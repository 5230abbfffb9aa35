import PostgresNIO

/// The statements that move one station's rows into the fleet tables: COPY into temporary staging tables (emptied
/// at each commit), then one set-based upsert per table keyed by the natural key.
///
/// Times arrive as the run store keeps them (seconds since 2001-01-01 UTC) and become `timestamptz` in SQL.
enum FleetStaging {
    /// Seconds from 1970-01-01 to 2001-01-01.
    static let referenceOffset = 978_307_200

    private static func timestamp(_ column: String) -> String {
        "to_timestamp(\(column) + \(referenceOffset))"
    }

    /// Creates the staging tables for this session if they are not there yet.
    static func create(_ db: FleetConnection, _ context: String) async throws(FleetError) {
        for statement in [
            """
            CREATE TEMP TABLE IF NOT EXISTS fleet_stage_step (
                step_index integer, kind text, name text, setpoint_celsius double precision, status text,
                attempt integer, completed_attempt integer, started_at double precision, ended_at double precision
            ) ON COMMIT DELETE ROWS
            """,
            """
            CREATE TEMP TABLE IF NOT EXISTS fleet_stage_measurement (
                local_id bigint, step_index integer, attempt integer, lane integer, quantity text,
                value double precision, unit text, time double precision, instrument text
            ) ON COMMIT DELETE ROWS
            """,
            """
            CREATE TEMP TABLE IF NOT EXISTS fleet_stage_event (
                local_id bigint, time double precision, step_index integer, kind text, message text
            ) ON COMMIT DELETE ROWS
            """,
        ] {
            try await db.execute(statement, context)
        }
    }

    /// Inserts or updates the run row.
    static func upsertRun(_ run: RunHeader, evidenceHead: String?, _ db: FleetConnection, _ context: String)
        async throws(FleetError)
    {
        let query: PostgresQuery = """
            INSERT INTO fleet.run (
                run_id, station_id, dut, lot, part, operator_name, profile_name, profile_version, station_sha256,
                profile_sha256, seed, software_version, started_at, ended_at, status, verdict, incomplete_reason,
                metadata, evidence_head, replicated_at)
            VALUES (
                \(run.runID), \(run.stationID), \(run.dut), \(run.lot), \(run.part), \(run.operatorName),
                \(run.profileName), \(run.profileVersion), \(run.stationSHA256), \(run.profileSHA256),
                \(run.seed)::numeric, \(run.softwareVersion), to_timestamp(\(run.startedAt) + 978307200),
                to_timestamp(\(run.endedAt) + 978307200), \(run.status), \(run.verdict), \(run.incompleteReason),
                \(run.metadataJSON)::jsonb, \(evidenceHead), now())
            ON CONFLICT (run_id) DO UPDATE SET
                lot = excluded.lot, part = excluded.part, ended_at = excluded.ended_at, status = excluded.status,
                verdict = excluded.verdict, incomplete_reason = excluded.incomplete_reason,
                metadata = excluded.metadata, evidence_head = excluded.evidence_head, replicated_at = now()
            """
        _ = try await db.rows(query, context + ": the run row")
    }

    /// Inserts or updates every step.
    static func upsertSteps(_ steps: CopyText, run: RunHeader, _ db: FleetConnection, _ context: String)
        async throws(FleetError)
    {
        guard steps.rowCount > 0 else { return }
        try await db.copy(
            into: "fleet_stage_step",
            columns: [
                "step_index", "kind", "name", "setpoint_celsius", "status", "attempt", "completed_attempt", "started_at",
                "ended_at",
            ], text: steps.text, context + ": copying steps")
        let query: PostgresQuery = """
            INSERT INTO fleet.step (
                run_id, step_index, station_id, kind, name, setpoint_celsius, status, attempt, completed_attempt,
                started_at, ended_at)
            SELECT \(run.runID), step_index, \(run.stationID), kind, name, setpoint_celsius, status, attempt,
                completed_attempt, \(unescaped: timestamp("started_at")), \(unescaped: timestamp("ended_at"))
            FROM fleet_stage_step
            ON CONFLICT (run_id, step_index) DO UPDATE SET
                status = excluded.status, attempt = excluded.attempt, completed_attempt = excluded.completed_attempt,
                started_at = excluded.started_at, ended_at = excluded.ended_at
            """
        _ = try await db.rows(query, context + ": steps")
    }

    /// Inserts or updates the run's documents (station and profile texts, the plan).
    static func upsertDocuments(
        _ documents: [(name: String, text: String)], run: RunHeader, _ db: FleetConnection, _ context: String
    ) async throws(FleetError) {
        for document in documents {
            let sha = StationRunFile.sha256(document.text)
            let query: PostgresQuery = """
                INSERT INTO fleet.run_document (run_id, name, station_id, sha256, text)
                VALUES (\(run.runID), \(document.name), \(run.stationID), \(sha), \(document.text))
                ON CONFLICT (run_id, name) DO UPDATE SET sha256 = excluded.sha256, text = excluded.text
                """
            _ = try await db.rows(query, context + ": document \(document.name)")
        }
    }

    /// Inserts measurements not there yet.
    static func insertMeasurements(_ rows: CopyText, run: RunHeader, _ db: FleetConnection, _ context: String)
        async throws(FleetError)
    {
        try await db.copy(
            into: "fleet_stage_measurement",
            columns: ["local_id", "step_index", "attempt", "lane", "quantity", "value", "unit", "time", "instrument"],
            text: rows.text, context + ": copying measurements")
        let query: PostgresQuery = """
            INSERT INTO fleet.measurement (
                run_id, local_id, station_id, step_index, attempt, lane, quantity, value, unit, time, instrument)
            SELECT \(run.runID), local_id, \(run.stationID), step_index, attempt, lane, quantity, value, unit,
                \(unescaped: timestamp("time")), instrument
            FROM fleet_stage_measurement
            ON CONFLICT (run_id, local_id) DO NOTHING
            """
        _ = try await db.rows(query, context + ": measurements")
    }

    /// Inserts events not there yet.
    static func insertEvents(_ rows: CopyText, run: RunHeader, _ db: FleetConnection, _ context: String)
        async throws(FleetError)
    {
        try await db.copy(
            into: "fleet_stage_event", columns: ["local_id", "time", "step_index", "kind", "message"], text: rows.text,
            context + ": copying events")
        let query: PostgresQuery = """
            INSERT INTO fleet.event (run_id, local_id, station_id, time, step_index, kind, message)
            SELECT \(run.runID), local_id, \(run.stationID), \(unescaped: timestamp("time")), step_index, kind, message
            FROM fleet_stage_event
            ON CONFLICT (run_id, local_id) DO NOTHING
            """
        _ = try await db.rows(query, context + ": events")
    }

    /// Inserts or replaces the certificate (JSON exactly as written, parsed, and its JWS).
    static func upsertCertificate(
        _ certificate: CertificateFiles, run: RunHeader, directory: String, _ db: FleetConnection, _ context: String
    ) async throws(FleetError) {
        let query: PostgresQuery = """
            INSERT INTO fleet.certificate (
                run_id, station_id, serial, verdict, json, document, jws, json_sha256, run_directory, replicated_at)
            VALUES (
                \(run.runID), \(run.stationID), \(run.dut), \(run.verdict), \(certificate.json),
                \(certificate.json)::jsonb, \(certificate.jws), \(certificate.sha256), \(directory), now())
            ON CONFLICT (run_id) DO UPDATE SET
                verdict = excluded.verdict, json = excluded.json, document = excluded.document, jws = excluded.jws,
                json_sha256 = excluded.json_sha256, run_directory = excluded.run_directory, replicated_at = now()
            """
        _ = try await db.rows(query, context)
    }
}
