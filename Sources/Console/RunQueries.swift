import Foundation
import GRDB

/// The SQL the console asks of a run.sqlite, each answered from the run's indexes; times are REAL seconds since
/// 2001-01-01 (a `Date`'s reference date).
enum RunQueries {
    /// The run row: the fields the run list shows.
    struct Header: Sendable {
        var runID: String
        var dut: String
        var operatorName: String
        var profileName: String
        var profileVersion: String
        var startedAt: Date
        var endedAt: Date?
        var status: String
        var verdict: String?
        var incompleteReason: String?
        var metadata: [String: String]
    }

    static func header(_ db: Database) throws -> Header {
        guard
            let row = try Row.fetchOne(
                db,
                sql: """
                    SELECT id, dut, operator_name, profile_name, profile_version, started_at, ended_at, status, verdict,
                           incomplete_reason, metadata FROM run
                    """)
        else { throw ConsoleError(.failed, "run.sqlite holds no run record (its creation was interrupted)") }
        let metadataText: String = row["metadata"] ?? "{}"
        let metadata = (try? JSONDecoder().decode([String: String].self, from: Data(metadataText.utf8))) ?? [:]
        return Header(
            runID: row["id"] ?? "", dut: row["dut"] ?? "", operatorName: row["operator_name"] ?? "",
            profileName: row["profile_name"] ?? "", profileVersion: row["profile_version"] ?? "",
            startedAt: date(row["started_at"]) ?? Date(timeIntervalSinceReferenceDate: 0), endedAt: date(row["ended_at"]),
            status: row["status"] ?? "running", verdict: row["verdict"], incompleteReason: row["incomplete_reason"],
            metadata: metadata)
    }

    static func steps(_ db: Database) throws -> [StepView] {
        try Row.fetchAll(
            db, sql: "SELECT step_index, kind, name, setpoint_celsius, status, attempt, started_at, ended_at FROM step ORDER BY step_index"
        ).map { row in
            StepView(
                index: row["step_index"] ?? 0, kind: row["kind"] ?? "", name: row["name"] ?? "",
                setpointCelsius: row["setpoint_celsius"], status: row["status"] ?? "pending", attempt: row["attempt"] ?? 0,
                startedAt: date(row["started_at"]), endedAt: date(row["ended_at"]))
        }
    }

    /// The latest reading of a station-wide quantity (searched from the newest row back).
    static func latest(_ quantity: String, _ db: Database) throws -> (value: Double?, time: Date)? {
        let statement = try db.cachedStatement(
            sql: "SELECT value, time FROM measurement WHERE quantity = ? AND lane IS NULL ORDER BY id DESC LIMIT 1")
        guard let row = try Row.fetchOne(statement, arguments: [quantity]) else { return nil }
        return (row["value"], date(row["time"]) ?? Date(timeIntervalSinceReferenceDate: 0))
    }

    /// Whether `(step, attempt)` has any reading of `quantity`.
    static func has(_ quantity: String, step: Int, attempt: Int, _ db: Database) throws -> Bool {
        let statement = try db.cachedStatement(
            sql: "SELECT 1 FROM measurement INDEXED BY measurement_by_step WHERE step_index = ? AND attempt = ? AND quantity = ? LIMIT 1")
        return try Int.fetchOne(statement, arguments: [step, attempt, quantity]) != nil
    }

    /// Air and DUT temperatures of every attempt of every started step, in time order, thinned to `maximum` points.
    static func temperatures(steps: [StepView], maximum: Int, _ db: Database) throws -> [TemperaturePoint] {
        let statement = try db.cachedStatement(
            sql: """
                SELECT time, quantity, value FROM measurement INDEXED BY measurement_by_step
                WHERE step_index = ? AND attempt = ? AND quantity IN ('air_temperature', 'dut_temperature') ORDER BY id
                """)
        var points: [TemperaturePoint] = []
        for step in steps where step.attempt > 0 {
            for attempt in 1...step.attempt {
                let rows = try Row.fetchCursor(statement, arguments: [step.index, attempt])
                while let row = try rows.next() {
                    guard let time = date(row["time"]) else { continue }
                    let quantity: String = row["quantity"] ?? ""
                    let value: Double? = row["value"]
                    if points.last?.time != time { points.append(TemperaturePoint(time: time)) }
                    if quantity == "air_temperature" { points[points.count - 1].airCelsius = value }
                    else { points[points.count - 1].dutCelsius = value }
                }
            }
        }
        points.sort { $0.time < $1.time }
        guard points.count > maximum, maximum > 1 else { return points }
        let stride = Double(points.count - 1) / Double(maximum - 1)
        return (0..<maximum).map { points[Int((Double($0) * stride).rounded())] }
    }

    /// The lane map of the latest step with a BER gate: decisions once recorded; while the gate runs, the decisions
    /// the sequencer has reached so far (``GateReplay``), else the latest counters.
    /// `running`: whether the run is still running (a stopped run shows only the decisions it recorded).
    static func laneMap(steps: [StepView], plan: RunPlanInfo?, running: Bool, _ db: Database) throws -> LaneMapView {
        let planned = plan?.lanes
        let spares = plan?.spares ?? 0
        for step in steps.reversed() where step.attempt > 0 {
            let attempt = step.attempt
            guard try has("ber_compared_bits", step: step.index, attempt: attempt, db) else { continue }
            let latestPerLane = """
                SELECT lane, value, MAX(id) FROM measurement INDEXED BY measurement_by_step
                WHERE step_index = ? AND attempt = ? AND quantity = ? AND lane IS NOT NULL GROUP BY lane
                """
            func values(_ quantity: String) throws -> [Int: Double] {
                var result: [Int: Double] = [:]
                for row in try Row.fetchAll(db.cachedStatement(sql: latestPerLane), arguments: [step.index, attempt, quantity]) {
                    if let lane: Int = row[0] { result[lane] = row[1] ?? .nan }
                }
                return result
            }
            let decisions = try values("ber_decision")
            let errors = decisions.isEmpty ? try values("ber_errors") : [:]
            let synchronized = decisions.isEmpty ? try values("ber_synchronized") : [:]
            let replayed = decisions.isEmpty && running && step.status == "running"
                ? try plan?.gates[step.index].map { try GateReplay.trackers(step: step.index, attempt: attempt, gate: $0, db) } ?? [:] : [:]
            let count = planned ?? ((decisions.keys.max() ?? errors.keys.max() ?? -1) + 1)
            var states: [String] = []
            states.reserveCapacity(count)
            for lane in 0..<max(count, 0) {
                if let decision = decisions[lane] {
                    states.append(decision == 1 ? "accepted" : "rejected")
                } else if let tracker = replayed[lane], !tracker.isUndecided {
                    states.append(tracker.isAccepted ? "accepted" : "rejected")
                } else if synchronized[lane] == 0 {
                    states.append("no_sync")
                } else if let errorCount = errors[lane] {
                    states.append(errorCount > 0 ? "errors" : "counting")
                } else {
                    states.append("waiting")
                }
            }
            let failed = states.filter { $0 == "rejected" }.count
            let decided = failed + states.filter { $0 == "accepted" }.count
            return LaneMapView(stepIndex: step.index, lanes: states, decided: decided, failed: failed, remapped: min(failed, max(spares, 0)))
        }
        return LaneMapView(stepIndex: nil, lanes: Array(repeating: "waiting", count: max(planned ?? 0, 0)), decided: 0, failed: 0, remapped: 0)
    }

    /// The latest `limit` events, oldest first.
    static func events(limit: Int, after: Int64 = 0, _ db: Database) throws -> [EventView] {
        try Row.fetchAll(
            db, sql: "SELECT id, time, step_index, kind, message FROM event WHERE id > ? ORDER BY id DESC LIMIT ?",
            arguments: [after, limit]
        ).reversed().map { row in
            EventView(
                id: row["id"] ?? 0, time: date(row["time"]) ?? Date(timeIntervalSinceReferenceDate: 0), stepIndex: row["step_index"],
                kind: row["kind"] ?? "", message: row["message"] ?? "")
        }
    }

    static func counts(_ db: Database) throws -> EventCounts {
        var byKind: [String: Int] = [:]
        for row in try Row.fetchAll(db, sql: "SELECT kind, COUNT(*) FROM event GROUP BY kind") {
            byKind[row[0] ?? ""] = row[1] ?? 0
        }
        let alarm = try Int.fetchOne(
            db, sql: "SELECT 1 FROM event WHERE kind = 'fault' AND message LIKE '%chamber alarm%' LIMIT 1") != nil
        return EventCounts(
            retries: byKind["retry"] ?? 0, faults: byKind["fault"] ?? 0, deviations: byKind["deviation"] ?? 0, chamberAlarm: alarm)
    }

    /// Changes whenever anything is recorded: latest measurement and event ids, step progress, run status.
    static func changeToken(_ db: Database) throws -> String {
        let row = try Row.fetchOne(
            db,
            sql: """
                SELECT (SELECT IFNULL(MAX(id), 0) FROM measurement), (SELECT IFNULL(MAX(id), 0) FROM event),
                       (SELECT IFNULL(SUM(attempt), 0) + IFNULL(SUM(status = 'complete'), 0) FROM step), (SELECT status FROM run)
                """)
        guard let row else { return "" }
        let measurement: Int64 = row[0] ?? 0
        let event: Int64 = row[1] ?? 0
        let steps: Int64 = row[2] ?? 0
        let status: String = row[3] ?? ""
        return "\(measurement)-\(event)-\(steps)-\(status)"
    }

    /// A stored document (station.yaml, profile.yaml), or nil.
    static func document(_ name: String, _ db: Database) throws -> String? {
        guard try db.tableExists("run_document") else { return nil }
        return try String.fetchOne(db, sql: "SELECT text FROM run_document WHERE name = ?", arguments: [name])
    }

    static func date(_ seconds: Double?) -> Date? {
        seconds.map { Date(timeIntervalSinceReferenceDate: $0) }
    }
}
