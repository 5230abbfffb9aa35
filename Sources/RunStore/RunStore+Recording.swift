import Foundation
import GRDB

extension RunStore {
    /// Commits a batch of readings in one transaction (one poll's worth). Durable when it returns
    /// (synchronous=FULL in WAL). Each row is linked into the evidence chain as it is stored.
    ///
    /// Every reading must name an existing step and an attempt from 1 to the step's current attempt; otherwise
    /// nothing of the batch is stored and the error says which reading is wrong. An empty batch does nothing.
    /// Readings are accepted even after `finish`, so a reading taken while the run was being stopped is kept.
    public func record(_ measurements: [MeasurementRecord]) throws {
        guard !measurements.isEmpty else {
            return
        }
        try write("recording \(measurements.count) measurement(s)") { db in
            var currentAttempts: [Int: Int] = [:]
            for measurement in measurements {
                let current: Int
                if let known = currentAttempts[measurement.stepIndex] {
                    current = known
                } else {
                    current = try existingStep(measurement.stepIndex, in: db).current
                    currentAttempts[measurement.stepIndex] = current
                }
                guard current > 0, (1...current).contains(measurement.attempt) else {
                    let started = current == 0 ? "has not been started" : "is at attempt \(current)"
                    throw invalid(
                        "a \(measurement.quantity) reading for step \(measurement.stepIndex) claims attempt "
                            + "\(measurement.attempt), but the step \(started)")
                }
            }
            let statement = try MeasurementRow.insertStatement(db)
            var chain = try EvidenceChainWriter.load(db)
            var id = try EvidenceChainWriter.nextID(in: "measurement", db)
            for measurement in measurements {
                try MeasurementRow.insert(measurement, id: id, chain: &chain, with: statement)
                id += 1
            }
            try chain.save(db)
        }
    }

    /// Commits one event. Durable when it returns. A step index, when given, must name a planned step.
    public func record(_ event: EventRecord) throws {
        try write("recording a \(event.kind) event") { db in
            if let stepIndex = event.stepIndex {
                _ = try existingStep(stepIndex, in: db)
            }
            try EventRow.insert(event, into: db)
        }
    }
}
