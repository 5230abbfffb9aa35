import Foundation
import PostgresNIO

/// Pushes runs from station run directories into the fleet database: at least once, idempotent by natural key.
///
/// Each pass sends the run row, its steps and documents (upserted), then measurements and events after the cursor in
/// batches of ``batchSize`` rows, each batch in one transaction through `COPY … FROM STDIN` into a staging table and
/// one `INSERT … SELECT … ON CONFLICT DO NOTHING`, then the certificate when it changed. The cursor in run.sqlite
/// moves only after PostgreSQL committed, so a crash anywhere resends at most one batch, which the upserts absorb.
///
/// The actor owns its connection. A failed pass drops the connection; the next pass connects again.
public actor FleetReplicator {
    /// What one pass did.
    public struct Report: Sendable, Equatable {
        /// The run.
        public var runID: String
        /// Measurements sent in this pass.
        public var measurements: Int
        /// Events sent in this pass.
        public var events: Int
        /// Whether the certificate was sent in this pass.
        public var certificate: Bool
    }

    /// The fleet database.
    public let url: FleetURL
    /// Rows per batch (one transaction each).
    public let batchSize: Int
    private var connection: FleetConnection?

    /// Creates a replicator; nothing connects until the first pass.
    public init(url: FleetURL, batchSize: Int = 20_000) {
        self.url = url
        self.batchSize = batchSize
    }

    /// Closes the connection, if one is open.
    public func close() async {
        await connection?.close()
        connection = nil
    }

    /// Sends everything `directory` holds that the fleet does not have yet.
    ///
    /// - Throws: ``FleetError``; whatever was committed before the error stays committed and recorded in the cursor.
    public func sync(runDirectory directory: String) async throws(FleetError) -> Report {
        let file = try StationRunFile(directory: directory)
        let database = try await connected()
        do {
            return try await sync(file, database)
        } catch {
            await database.close()
            connection = nil
            throw error
        }
    }

    private func connected() async throws(FleetError) -> FleetConnection {
        if let connection { return connection }
        let opened = try await FleetConnection.connect(url)
        connection = opened
        return opened
    }

    private func sync(_ file: StationRunFile, _ database: FleetConnection) async throws(FleetError) -> Report {
        var header = try file.header()
        let documents = try file.documents()
        if header.stationID.isEmpty {
            header.stationID = Self.stationID(in: documents) ?? header.stationPath
        }
        var cursor = try file.cursor(fleet: url.cursorKey)
        var report = Report(runID: header.runID, measurements: 0, events: 0, certificate: false)
        let steps = try file.stepRows()
        let documentsSHA = StationRunFile.sha256(documents.map { $0.name + "\u{0}" + $0.text }.joined(separator: "\u{0}"))
        let evidenceHead = try file.evidenceHead()
        var first = true
        while true {
            let (measurements, lastMeasurement) = try file.measurementRows(after: cursor.measurementID, limit: batchSize)
            let (events, lastEvent) = try file.eventRows(after: cursor.eventID, limit: batchSize)
            let sendDocuments = cursor.documentsSHA256 != documentsSHA
            let context = "pushing run \(header.runID) to \(url)"
            let run = header
            let isFirst = first
            try await database.transaction(context) { (db) throws(FleetError) in
                try await FleetStaging.create(db, context)
                if isFirst {
                    try await FleetStaging.upsertRun(run, evidenceHead: evidenceHead, db, context)
                    try await FleetStaging.upsertSteps(steps, run: run, db, context)
                    if sendDocuments { try await FleetStaging.upsertDocuments(documents, run: run, db, context) }
                }
                if measurements.rowCount > 0 { try await FleetStaging.insertMeasurements(measurements, run: run, db, context) }
                if events.rowCount > 0 { try await FleetStaging.insertEvents(events, run: run, db, context) }
            }
            if first, sendDocuments { cursor.documentsSHA256 = documentsSHA }
            first = false
            cursor.measurementID = lastMeasurement
            cursor.eventID = lastEvent
            try file.save(cursor)
            report.measurements += measurements.rowCount
            report.events += events.rowCount
            if measurements.rowCount < batchSize && events.rowCount < batchSize { break }
        }
        if let certificate = file.certificate(), certificate.sha256 != cursor.certificateSHA256 {
            let context = "pushing the certificate of run \(header.runID) to \(url)"
            let run = header
            let directory = file.directory
            try await database.transaction(context) { (db) throws(FleetError) in
                try await FleetStaging.upsertCertificate(certificate, run: run, directory: directory, db, context)
            }
            cursor.certificateSHA256 = certificate.sha256
            try file.save(cursor)
            report.certificate = true
        }
        return report
    }

    /// The station id written in a run's station document (`station:` → `id:`), for runs made before the run record
    /// carried it.
    static func stationID(in documents: [(name: String, text: String)]) -> String? {
        guard let station = documents.first(where: { $0.name == "station.yaml" })?.text else { return nil }
        var inStation = false
        for line in station.split(separator: "\n", omittingEmptySubsequences: false) {
            if line.hasPrefix("station:") { inStation = true; continue }
            if inStation, let first = line.first, first != " " && first != "#" { inStation = false }
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            if inStation, trimmed.hasPrefix("id:") {
                let value = trimmed.dropFirst(3).trimmingCharacters(in: CharacterSet(charactersIn: " \"'"))
                return value.isEmpty ? nil : value
            }
        }
        return nil
    }
}
