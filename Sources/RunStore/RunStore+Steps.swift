import Foundation
import GRDB

extension RunStore {
    /// The planned steps in plan order, with how far each got.
    public func steps() throws -> [StepRecord] {
        try read("reading the steps") { db in try StepRow.fetchAll(db) }
    }

    /// Marks step `index` running and increments its attempt; returns the new attempt number.
    ///
    /// Starting a step again supersedes its earlier attempts: their measurements stay stored but `evidence`
    /// ignores them once the new attempt completes. The run must be running (see `reopenForResume`).
    public func beginStep(_ index: Int, at: Date) throws -> Int {
        try write("starting step \(index)") { db in
            try requireRunning(db, toDo: "start step \(index)")
            let attempts = try existingStep(index, in: db)
            let attempt = attempts.current + 1
            try db.execute(
                sql: """
                    UPDATE step SET status = 'running', attempt = ?, started_at = ?, ended_at = NULL
                    WHERE step_index = ?
                    """,
                arguments: [attempt, StoredTime.value(at), index])
            return attempt
        }
    }

    /// Marks step `index` complete; its current attempt becomes the one `evidence` reports.
    ///
    /// The step and the run must be running.
    public func completeStep(_ index: Int, at: Date) throws {
        try write("completing step \(index)") { db in
            try requireRunning(db, toDo: "complete step \(index)")
            let attempts = try existingStep(index, in: db)
            guard attempts.status == StepStatus.running.rawValue else {
                throw invalid("step \(index) cannot be completed because it is \(attempts.status), not running")
            }
            try db.execute(
                sql: """
                    UPDATE step SET status = 'complete', completed_attempt = attempt, ended_at = ?
                    WHERE step_index = ?
                    """,
                arguments: [StoredTime.value(at), index])
        }
    }

    /// The attempts of step `index`, or an error naming the valid range when the plan has no such step.
    func existingStep(_ index: Int, in db: Database) throws -> (current: Int, completed: Int?, status: String) {
        if let attempts = try StepRow.attempts(of: index, in: db) {
            return attempts
        }
        let count = try StepRow.count(db)
        let range = count == 0 ? "the plan has no steps" : "the plan has steps 0 to \(count - 1)"
        throw invalid("there is no step \(index); \(range)")
    }

    /// Throws unless the run is running.
    func requireRunning(_ db: Database, toDo action: String) throws {
        let status = try String.fetchOne(db, sql: "SELECT status FROM run WHERE singleton = 1")
        guard status == RunStatus.running.rawValue else {
            throw invalid(
                "cannot \(action): the run is \(status ?? "missing"), not running; reopen it for resume first")
        }
    }
}
