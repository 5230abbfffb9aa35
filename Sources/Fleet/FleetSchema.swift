/// The fleet database's schema, as numbered migrations applied in order (see ``FleetMigrator``).
///
/// Everything lives in the schema `fleet`. Every row carries the `station_id` of the station that recorded it, so
/// row-level security (deploy/postgres/roles.sql) can keep each station to its own rows. Natural keys: a run is its
/// run id (`DUT-yyyyMMddTHHmmssZ`); steps are (run, step index); measurements and events are (run, their row id in
/// the station's run.sqlite), which never changes once written.
public enum FleetSchema {
    /// One migration: a version, a name, and the statements it runs (in one transaction).
    public struct Migration: Sendable {
        /// The version number; migrations run in increasing order.
        public var version: Int
        /// What the migration does.
        public var name: String
        /// The statements, one SQL statement each.
        public var statements: [String]
    }

    /// The latest schema version.
    public static var latestVersion: Int { migrations.last?.version ?? 0 }

    /// All migrations, oldest first.
    public static let migrations: [Migration] = [
        Migration(version: 1, name: "runs, steps, measurements, events, documents, certificates", statements: version1)
    ]

    private static let version1 = [
        """
        CREATE TABLE fleet.run (
            run_id text PRIMARY KEY,
            station_id text NOT NULL,
            dut text NOT NULL,
            lot text,
            part text,
            operator_name text NOT NULL,
            profile_name text NOT NULL,
            profile_version text NOT NULL,
            station_sha256 text NOT NULL,
            profile_sha256 text NOT NULL,
            seed numeric(20, 0),
            software_version text NOT NULL,
            started_at timestamptz NOT NULL,
            ended_at timestamptz,
            status text NOT NULL CHECK (status IN ('running', 'completed', 'incomplete')),
            verdict text CHECK (verdict IN ('PASS', 'FAIL', 'INCOMPLETE')),
            incomplete_reason text,
            metadata jsonb NOT NULL DEFAULT '{}',
            evidence_head text,
            replicated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE INDEX run_by_lot ON fleet.run (lot, started_at)",
        "CREATE INDEX run_by_part ON fleet.run (part, started_at)",
        "CREATE INDEX run_by_serial ON fleet.run (dut, started_at)",
        "CREATE INDEX run_by_station ON fleet.run (station_id, started_at)",
        "CREATE INDEX run_by_time ON fleet.run (started_at)",
        "CREATE INDEX run_by_verdict ON fleet.run (verdict, started_at)",
        """
        CREATE TABLE fleet.step (
            run_id text NOT NULL REFERENCES fleet.run (run_id) ON DELETE CASCADE,
            step_index integer NOT NULL CHECK (step_index >= 0),
            station_id text NOT NULL,
            kind text NOT NULL,
            name text NOT NULL,
            setpoint_celsius double precision,
            status text NOT NULL,
            attempt integer NOT NULL,
            completed_attempt integer,
            started_at timestamptz,
            ended_at timestamptz,
            PRIMARY KEY (run_id, step_index)
        )
        """,
        "CREATE INDEX step_by_station ON fleet.step (station_id)",
        """
        CREATE TABLE fleet.measurement (
            run_id text NOT NULL REFERENCES fleet.run (run_id) ON DELETE CASCADE,
            local_id bigint NOT NULL,
            station_id text NOT NULL,
            step_index integer NOT NULL,
            attempt integer NOT NULL,
            lane integer,
            quantity text NOT NULL,
            value double precision,
            unit text NOT NULL,
            time timestamptz NOT NULL,
            instrument text NOT NULL,
            PRIMARY KEY (run_id, local_id)
        )
        """,
        "CREATE INDEX measurement_by_quantity ON fleet.measurement (quantity, lane)",
        "CREATE INDEX measurement_by_step ON fleet.measurement (run_id, step_index, attempt)",
        "CREATE INDEX measurement_by_station_time ON fleet.measurement (station_id, time)",
        """
        CREATE TABLE fleet.event (
            run_id text NOT NULL REFERENCES fleet.run (run_id) ON DELETE CASCADE,
            local_id bigint NOT NULL,
            station_id text NOT NULL,
            time timestamptz NOT NULL,
            step_index integer,
            kind text NOT NULL,
            message text NOT NULL,
            PRIMARY KEY (run_id, local_id)
        )
        """,
        "CREATE INDEX event_by_kind ON fleet.event (kind, time)",
        "CREATE INDEX event_by_station_time ON fleet.event (station_id, time)",
        """
        CREATE TABLE fleet.run_document (
            run_id text NOT NULL REFERENCES fleet.run (run_id) ON DELETE CASCADE,
            name text NOT NULL,
            station_id text NOT NULL,
            sha256 text NOT NULL,
            text text NOT NULL,
            PRIMARY KEY (run_id, name)
        )
        """,
        """
        CREATE TABLE fleet.certificate (
            run_id text PRIMARY KEY REFERENCES fleet.run (run_id) ON DELETE CASCADE,
            station_id text NOT NULL,
            serial text NOT NULL,
            verdict text,
            json text NOT NULL,
            document jsonb NOT NULL,
            jws text,
            json_sha256 text NOT NULL,
            run_directory text NOT NULL,
            replicated_at timestamptz NOT NULL DEFAULT now()
        )
        """,
        "CREATE INDEX certificate_by_serial ON fleet.certificate (serial)",
        "CREATE INDEX certificate_by_station ON fleet.certificate (station_id)",
        """
        CREATE TABLE fleet.station_role (
            role_name name PRIMARY KEY,
            station_id text NOT NULL
        )
        """,
        """
        CREATE FUNCTION fleet.current_station() RETURNS text
            LANGUAGE sql STABLE SECURITY DEFINER SET search_path = fleet, pg_temp
            AS $$ SELECT station_id FROM fleet.station_role WHERE role_name = session_user $$
        """,
    ]
}
