import Foundation
import GRDB

/// Walks the evidence chain of a run database in chain order, recomputing every row's hash from its stored
/// columns, and stops at the first row that breaks it.
///
/// Measurements and events are read in id order, each table once, and merged by `chain_seq`; memory stays flat.
enum EvidenceChainVerifier {
    /// One row as read back: its identity, its place, its stored hash and its recomputed content.
    private struct Entry {
        var table: String
        var id: Int64
        var sequence: Int64?
        var stored: [UInt8]?
        var content: [UInt8]
    }

    /// Reads one table's rows in id order.
    private struct TableWalk {
        let table: String
        let cursor: RowCursor
        var pending: Entry?
        var lastID: Int64 = 0

        init(table: String, columns: String, db: Database) throws {
            self.table = table
            cursor = try Row.fetchCursor(
                db, sql: "SELECT id, chain_seq, \(columns), chain_hash FROM \(table) ORDER BY id")
        }

        mutating func advance(_ encoding: inout EvidenceChainEncoding) throws {
            guard let row = try cursor.next() else {
                pending = nil
                return
            }
            encoding.start(table: table)
            let last = row.count - 1
            for index in 0..<last {
                encoding.value(row[index] as DatabaseValue)
            }
            let idValue = row[0] as DatabaseValue
            let sequenceValue = row[1] as DatabaseValue
            let hashValue = row[last] as DatabaseValue
            var id: Int64 = 0
            if case .int64(let value) = idValue.storage { id = value }
            var sequence: Int64?
            if case .int64(let value) = sequenceValue.storage { sequence = value }
            var stored: [UInt8]?
            if case .blob(let data) = hashValue.storage { stored = Array(data) }
            pending = Entry(table: table, id: id, sequence: sequence, stored: stored, content: encoding.bytes)
        }
    }

    /// Verifies the chain in `db`, noting the chain hash after row `checkpoint` when given.
    static func verify(_ db: Database, checkpoint: Int? = nil) throws -> EvidenceChainReport {
        let recorded = try EvidenceChainWriter.load(db)
        let recordedHead = EvidenceChainEncoding.hex(recorded.head)
        var encoding = EvidenceChainEncoding()
        var measurements = try TableWalk(table: "measurement", columns: MeasurementRow.columns, db: db)
        var events = try TableWalk(table: "event", columns: EventRow.columns, db: db)
        try measurements.advance(&encoding)
        try events.advance(&encoding)
        var previous = EvidenceChainEncoding.origin
        var expected: Int64 = 1
        var firstBeyondRecorded: Entry?
        var checkpointHead: String?
        if checkpoint == 0 { checkpointHead = EvidenceChainEncoding.hex(previous) }

        func report(_ problem: EvidenceChainReport.Problem?) -> EvidenceChainReport {
            EvidenceChainReport(
                rowCount: Int(expected - 1), head: EvidenceChainEncoding.hex(previous), recordedHead: recordedHead,
                recordedCount: Int(recorded.count), problem: problem, checkpointHead: checkpointHead)
        }

        while true {
            let takeMeasurement: Bool
            switch (measurements.pending, events.pending) {
            case (nil, nil):
                return report(endProblem(walked: expected - 1, head: previous, recorded: recorded, extra: firstBeyondRecorded))
            case (.some, nil):
                takeMeasurement = true
            case (nil, .some):
                takeMeasurement = false
            case (.some(let measurement), .some(let event)):
                takeMeasurement = Self.precedes(measurement, event)
            }
            guard let entry = takeMeasurement ? measurements.pending : events.pending else { continue }
            guard let sequence = entry.sequence, let stored = entry.stored, stored.count == 32 else {
                return report(
                    .init(
                        kind: .inserted, table: entry.table, id: entry.id, sequence: entry.sequence,
                        detail: "the row has no place or hash in the evidence chain: it was not recorded by QualStation"))
            }
            if sequence < expected {
                return report(
                    .init(
                        kind: .inserted, table: entry.table, id: entry.id, sequence: sequence,
                        detail: "it claims chain row \(sequence), which the chain has already passed (next is "
                            + "\(expected)): the row was added or copied afterwards"))
            }
            if sequence > expected {
                let (table, id) = Self.likelyDeleted(before: entry, measurements: measurements, events: events)
                let range = sequence - 1 > expected ? "rows \(expected) to \(sequence - 1) are" : "row \(expected) is"
                return report(
                    .init(
                        kind: .deleted, table: table, id: id, sequence: expected,
                        detail: "chain \(range) missing before \(entry.table) id \(entry.id): removed after it was recorded"))
            }
            let computed = EvidenceChainEncoding(bytesForLinking: entry.content).link(after: previous)
            guard computed == stored else {
                return report(
                    .init(
                        kind: .altered, table: entry.table, id: entry.id, sequence: sequence,
                        detail: "its columns no longer hash to its chain hash: the row was changed after it was recorded"))
            }
            if sequence == recorded.count + 1 { firstBeyondRecorded = entry }
            previous = stored
            if let checkpoint, sequence == Int64(checkpoint) { checkpointHead = EvidenceChainEncoding.hex(stored) }
            expected += 1
            if takeMeasurement {
                measurements.lastID = entry.id
                try measurements.advance(&encoding)
            } else {
                events.lastID = entry.id
                try events.advance(&encoding)
            }
        }
    }

    /// Whether the pending measurement comes before the pending event in the walk: a row without a place comes
    /// first, so it is reported.
    private static func precedes(_ measurement: Entry, _ event: Entry) -> Bool {
        guard let first = measurement.sequence else { return true }
        guard let second = event.sequence else { return false }
        return first < second
    }

    /// The table and id a deleted row most likely had: the first id skipped in either table.
    private static func likelyDeleted(before entry: Entry, measurements: TableWalk, events: TableWalk) -> (String, Int64?) {
        for walk in [measurements, events] {
            let next = walk.pending?.id
            if let next, next > walk.lastID + 1 { return (walk.table, walk.lastID + 1) }
        }
        return (entry.table, nil)
    }

    /// The problem, if any, with where the walk ended compared with the recorded head and count.
    private static func endProblem(
        walked: Int64, head: [UInt8], recorded: EvidenceChainWriter, extra: Entry?
    ) -> EvidenceChainReport.Problem? {
        if walked < recorded.count {
            let missing = recorded.count - walked
            return .init(
                kind: .deleted, table: "measurement or event", id: nil, sequence: walked + 1,
                detail: "the chain ends after \(walked) rows but the run database recorded \(recorded.count): the last "
                    + "\(missing) row\(missing == 1 ? " was" : "s were") removed")
        }
        if walked > recorded.count {
            return .init(
                kind: .inserted, table: extra?.table ?? "measurement or event", id: extra?.id, sequence: recorded.count + 1,
                detail: "the chain goes on past the \(recorded.count) rows the run database recorded: rows were added "
                    + "after the recorded head")
        }
        guard head == recorded.head else {
            return .init(
                kind: .altered, table: "evidence_chain", id: nil, sequence: walked,
                detail: "the recorded head \(EvidenceChainEncoding.hex(recorded.head)) is not the chain's head "
                    + "\(EvidenceChainEncoding.hex(head)): the evidence_chain table was changed")
        }
        return nil
    }
}
