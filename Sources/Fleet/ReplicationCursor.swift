/// How far one fleet has been sent a run: kept in the station's own run.sqlite (table `fleet_replication`, one row
/// per fleet), written only after PostgreSQL committed what it covers, so a restart resends at most one batch,
/// which the natural-key upserts absorb.
public struct ReplicationCursor: Sendable, Equatable {
    /// The fleet (``FleetURL/cursorKey``).
    public var fleet: String
    /// The highest measurement row id PostgreSQL holds.
    public var measurementID: Int64 = 0
    /// The highest event row id PostgreSQL holds.
    public var eventID: Int64 = 0
    /// The SHA-256 of the documents (station and profile texts) last sent, or nil.
    public var documentsSHA256: String?
    /// The SHA-256 of the certificate.json last sent, or nil.
    public var certificateSHA256: String?

    /// Creates a cursor at the start of a run.
    public init(fleet: String) {
        self.fleet = fleet
    }

    /// The SQLite table that holds cursors.
    static let tableSQL = """
        CREATE TABLE IF NOT EXISTS fleet_replication (
            fleet TEXT PRIMARY KEY NOT NULL,
            measurement_id INTEGER NOT NULL DEFAULT 0,
            event_id INTEGER NOT NULL DEFAULT 0,
            documents_sha256 TEXT,
            certificate_sha256 TEXT,
            updated_at TEXT NOT NULL
        )
        """
}
