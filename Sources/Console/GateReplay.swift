import GRDB
import Instruments
import Qualification

/// The lanes a running BER gate has decided so far, worked out the way the sequencer decides them: the counters it
/// recorded since the step's latest measurement start are fed, read by read, to the sequencer's own
/// ``LaneGateTracker`` with the gate's stopping plan. (The run records its decisions only when the gate ends.)
enum GateReplay {
    static func trackers(step: Int, attempt: Int, gate: LaneGate, _ db: Database) throws -> [Int: LaneGateTracker] {
        let start = try Int64.fetchOne(
            db.cachedStatement(
                sql: "SELECT MAX(id) FROM measurement INDEXED BY measurement_by_step WHERE step_index = ? AND attempt = ? AND quantity = 'measurement_start'"),
            arguments: [step, attempt]) ?? 0
        let rows = try Row.fetchCursor(
            db.cachedStatement(
                sql: """
                    SELECT lane, quantity, value FROM measurement INDEXED BY measurement_by_step
                    WHERE step_index = ? AND attempt = ? AND quantity IN ('ber_compared_bits', 'ber_errors', 'ber_synchronized')
                      AND lane IS NOT NULL AND id > ? ORDER BY id
                    """),
            arguments: [step, attempt, start])
        var trackers: [Int: LaneGateTracker] = [:]
        var partial: [Int: (bits: Double?, errors: Double?, synchronized: Double?)] = [:]
        while let row = try rows.next() {
            guard let lane: Int = row[0], let value: Double = row[2] else { continue }
            var reading = partial[lane] ?? (nil, nil, nil)
            switch row[1] as String? {
            case "ber_compared_bits": reading.bits = value
            case "ber_errors": reading.errors = value
            default: reading.synchronized = value
            }
            guard let bits = reading.bits, let errors = reading.errors, let synchronized = reading.synchronized else {
                partial[lane] = reading
                continue
            }
            partial[lane] = nil
            var tracker = trackers[lane] ?? LaneGateTracker(policy: gate.policy)
            let counter = LaneCounters(
                channel: lane, comparedBits: UInt64(max(bits, 0)), errors: UInt64(max(errors, 0)), synchronized: synchronized == 1)
            // A replay that cannot follow (counters going backwards) leaves the lane as it was.
            _ = try? tracker.observe(counter, plan: gate.plan, finished: false)
            trackers[lane] = tracker
        }
        return trackers
    }
}
