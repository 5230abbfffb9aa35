import PostgresNIO

/// Brings a fleet database to the latest ``FleetSchema`` version.
///
/// Applied versions are kept in `fleet.schema_migration`. Each migration runs in its own transaction together with
/// the row that records it, under a transaction-level advisory lock, so two stations migrating at once apply each
/// version exactly once and a failed migration leaves nothing behind.
public enum FleetMigrator {
    /// The advisory lock key that serialises migrations ("QSFL").
    static let lockKey = 0x5153_464C

    /// What a migration pass did.
    public struct Outcome: Sendable, Equatable {
        /// The versions applied now, in order.
        public var applied: [Int]
        /// The schema version after the pass.
        public var version: Int
    }

    /// Applies every migration the database does not have yet.
    ///
    /// - Throws: ``FleetError`` naming the migration that failed.
    @discardableResult
    public static func migrate(_ connection: FleetConnection) async throws(FleetError) -> Outcome {
        try await connection.execute("CREATE SCHEMA IF NOT EXISTS fleet", "creating the schema fleet")
        try await connection.execute(
            """
            CREATE TABLE IF NOT EXISTS fleet.schema_migration (
                version integer PRIMARY KEY,
                name text NOT NULL,
                applied_at timestamptz NOT NULL DEFAULT now()
            )
            """, "creating fleet.schema_migration")
        var applied: [Int] = []
        for migration in FleetSchema.migrations {
            let context = "applying fleet migration \(migration.version) (\(migration.name))"
            let didApply = try await connection.transaction(context) { (connection) throws(FleetError) -> Bool in
                _ = try await connection.rows("SELECT pg_advisory_xact_lock(\(lockKey))", context)
                let present = try await connection.table(
                    "SELECT version::text FROM fleet.schema_migration WHERE version = \(migration.version)", context)
                guard present.rows.isEmpty else { return false }
                for statement in migration.statements {
                    try await connection.execute(statement, context)
                }
                _ = try await connection.rows(
                    "INSERT INTO fleet.schema_migration (version, name) VALUES (\(migration.version), \(migration.name))",
                    context)
                return true
            }
            if didApply { applied.append(migration.version) }
        }
        return Outcome(applied: applied, version: try await version(connection))
    }

    /// Creates the database `name` on `server` (connecting as a user allowed to), migrates it, and returns its URL.
    ///
    /// `name` must be a plain identifier (letters, digits, underscores): it is written into the statement as is.
    ///
    /// - Throws: ``FleetError`` of kind `badInput` for another name, else from connecting, creating or migrating.
    public static func createDatabase(_ name: String, on server: FleetURL) async throws(FleetError) -> FleetURL {
        guard !name.isEmpty, name.unicodeScalars.allSatisfy({ $0 == "_" || ("a"..."z").contains($0) || ("0"..."9").contains($0) })
        else {
            throw FleetError(.badInput, "creating the database \(name)", "use lower-case letters, digits and underscores")
        }
        let admin = try await FleetConnection.connect(server)
        do {
            try await admin.execute("CREATE DATABASE \(name)", "creating the database \(name) on \(server)")
        } catch {
            await admin.close()
            throw error
        }
        await admin.close()
        var url = server
        url.database = name
        let connection = try await FleetConnection.connect(url)
        do {
            try await migrate(connection)
        } catch {
            await connection.close()
            throw error
        }
        await connection.close()
        return url
    }

    /// The schema version of the database (0 when it has none).
    ///
    /// - Throws: ``FleetError`` when the database cannot be asked.
    public static func version(_ connection: FleetConnection) async throws(FleetError) -> Int {
        let table = try await connection.table(
            "SELECT coalesce(max(version), 0)::text FROM fleet.schema_migration", "reading the fleet schema version")
        return table.rows.first?.first.flatMap { $0 }.flatMap { Int($0) } ?? 0
    }
}
