import Foundation
import GRDB

extension RunStore {
    /// Measurements of the step's *latest completed attempt* only (what verdicts use); superseded attempts stay
    /// stored but are excluded.
    ///
    /// Empty while the step has never completed. With `quantity`, only readings of that quantity. In the order
    /// they were recorded. Served from the `(step_index, attempt, quantity, lane)` index.
    public func evidence(step index: Int, quantity: String? = nil) throws -> [MeasurementRecord] {
        try read("reading the evidence of step \(index)") { db in
            guard let attempt = try existingStep(index, in: db).completed else {
                return []
            }
            let statement = try db.cachedStatement(sql: Self.evidenceSQL(byQuantity: quantity != nil))
            var arguments: StatementArguments = [index, attempt]
            if let quantity {
                arguments += [quantity]
            }
            var result: [MeasurementRecord] = []
            let rows = try Row.fetchCursor(statement, arguments: arguments)
            while let row = try rows.next() {
                result.append(try MeasurementRow.decode(row))
            }
            return result
        }
    }

    /// Every measurement ever stored for the run (including superseded attempts), for audits/certificates.
    ///
    /// In the order they were recorded. For long runs prefer `forEachMeasurement(_:)`, which does not hold them
    /// all in memory.
    public func allMeasurements() throws -> [MeasurementRecord] {
        var result: [MeasurementRecord] = []
        try forEachMeasurement { result.append($0) }
        return result
    }

    /// Calls `body` with every measurement ever stored, in the order they were recorded, one row at a time.
    ///
    /// Memory stays flat however many measurements the run holds. `body` runs while the store is being read, so
    /// other calls on this store wait until it returns; it must not call this store itself.
    public func forEachMeasurement(_ body: (MeasurementRecord) throws -> Void) throws {
        try read("reading the measurements") { db in
            let rows = try Row.fetchCursor(db, sql: "SELECT \(MeasurementRow.columns) FROM measurement ORDER BY id")
            while let row = try rows.next() {
                try body(try MeasurementRow.decode(row))
            }
        }
    }

    /// Every event in the order it was recorded.
    public func events() throws -> [EventRecord] {
        try read("reading the events") { db in try EventRow.fetchAll(db) }
    }

    /// How many measurements the run holds, superseded attempts included.
    public func measurementCount() throws -> Int {
        try read("counting the measurements") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM measurement") ?? 0
        }
    }

    /// The latest time anything was recorded: the run's start, a step's start or end, an event or a measurement.
    ///
    /// A resumed run's clock starts after it, so station time never runs backwards within a run. One `MAX` per
    /// table: a measurement time is committed no earlier than the one before it, so the last row holds the latest,
    /// but the query does not rely on that.
    public func latestRecordedTime() throws -> Date {
        try read("finding the latest recorded time") { db in
            let sql = """
                SELECT MAX(latest) FROM (
                    SELECT started_at AS latest FROM run
                    UNION ALL SELECT MAX(started_at) FROM step
                    UNION ALL SELECT MAX(ended_at) FROM step
                    UNION ALL SELECT MAX(time) FROM event
                    UNION ALL SELECT MAX(time) FROM measurement)
                """
            guard let seconds = try Double.fetchOne(db, sql: sql) else {
                throw RunStoreError(path: path, kind: .notARun, problem: "the database holds no run record")
            }
            return StoredTime.date(seconds)
        }
    }

    /// SQLite's plan for the evidence query, one line per step (`EXPLAIN QUERY PLAN`), for checking index use.
    public func evidenceQueryPlan(byQuantity: Bool) throws -> [String] {
        try read("explaining the evidence query") { db in
            let arguments: StatementArguments = byQuantity ? [0, 1, "optical_power"] : [0, 1]
            return try Row.fetchAll(
                db, sql: "EXPLAIN QUERY PLAN " + Self.evidenceSQL(byQuantity: byQuantity), arguments: arguments
            ).map { row in try row.decode(String.self, forColumn: "detail") }
        }
    }

    static func evidenceSQL(byQuantity: Bool) -> String {
        let filter = byQuantity ? " AND quantity = ?" : ""
        return "SELECT \(MeasurementRow.columns) FROM measurement INDEXED BY measurement_by_step "
            + "WHERE step_index = ? AND attempt = ?\(filter) ORDER BY id"
    }
}
