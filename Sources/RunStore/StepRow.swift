import Foundation
import GRDB

/// Maps `StepRecord` to and from rows of the `step` table.
enum StepRow {
    static let columns = "step_index, kind, name, setpoint_celsius, status, attempt, started_at, ended_at"

    /// Inserts a planned step. A step given as complete counts its current attempt as the completed one.
    static func insert(_ step: StepRecord, into db: Database) throws {
        let completedAttempt: Int? = step.status == .complete && step.attempt > 0 ? step.attempt : nil
        try db.execute(
            sql: "INSERT INTO step (\(columns), completed_attempt) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            arguments: [
                step.index, step.kind, step.name, step.setpointCelsius, step.status.rawValue, step.attempt,
                StoredTime.value(step.startedAt), StoredTime.value(step.endedAt), completedAttempt,
            ])
    }

    /// All steps in plan order.
    static func fetchAll(_ db: Database) throws -> [StepRecord] {
        try Row.fetchAll(db, sql: "SELECT \(columns) FROM step ORDER BY step_index").map(decode)
    }

    /// The current and latest completed attempt of step `index`, or `nil` if there is no such step.
    static func attempts(of index: Int, in db: Database) throws -> (current: Int, completed: Int?, status: String)? {
        let statement = try db.cachedStatement(
            sql: "SELECT attempt, completed_attempt, status FROM step WHERE step_index = ?")
        guard let row = try Row.fetchOne(statement, arguments: [index]) else {
            return nil
        }
        return (try row.decode(atIndex: 0), try row.decode(atIndex: 1), try row.decode(atIndex: 2))
    }

    /// The number of planned steps.
    static func count(_ db: Database) throws -> Int {
        try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM step") ?? 0
    }

    private static func decode(_ row: Row) throws -> StepRecord {
        let statusText: String = try row.decode(atIndex: 4)
        guard let status = StepStatus(rawValue: statusText) else {
            throw RunStoreDecodingProblem(description: "a step has unknown status \"\(statusText)\"")
        }
        return StepRecord(
            index: try row.decode(atIndex: 0),
            kind: try row.decode(atIndex: 1),
            name: try row.decode(atIndex: 2),
            setpointCelsius: try row.decode(atIndex: 3),
            status: status,
            attempt: try row.decode(atIndex: 5),
            startedAt: StoredTime.date(try row.decode(Double?.self, atIndex: 6)),
            endedAt: StoredTime.date(try row.decode(Double?.self, atIndex: 7)))
    }
}
