import Foundation
import GRDB
import RunStore
import Testing

/// The evidence chain: every measurement and event row is linked as it is recorded, resume continues the chain,
/// and any altered, inserted or deleted row is found and named.
@Suite("evidence chain")
struct EvidenceChainTests {
    /// A run with two polls of eight lanes, a temperature and two events: 17 measurements and 2 events.
    static func recordedRun(in folder: String) throws -> RunStore {
        let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
        _ = try store.beginStep(0, at: sampleStart)
        try store.record(powerBatch(step: 0, attempt: 1, poll: 0, lanes: 8))
        try store.record(EventRecord(time: sampleStart.addingTimeInterval(1), stepIndex: 0, kind: "retry", message: "meter: timeout, retried"))
        try store.record(powerBatch(step: 0, attempt: 1, poll: 1, lanes: 8))
        try store.record([temperature(step: 0, attempt: 1, celsius: 25.0, at: 2)])
        try store.record(EventRecord(time: sampleStart.addingTimeInterval(3), kind: "info", message: "a line\nwith ünïcode"))
        return store
    }

    /// Runs raw SQL on the file, as someone editing it behind QualStation's back would.
    static func tamper(_ path: String, _ sql: String) throws {
        let queue = try DatabaseQueue(path: path)
        try queue.write { try $0.execute(sql: sql) }
        try queue.close()
    }

    @Test("an untouched run verifies; the head and count are those of the last row")
    func untouched() throws {
        try withTemporaryFolder { folder in
            let store = try Self.recordedRun(in: folder)
            let (head, count) = try store.evidenceChainHead()
            #expect(count == 19)
            #expect(head.count == 64 && head != String(repeating: "0", count: 64))
            let report = try RunStore.verifyEvidenceChain(at: store.path)
            #expect(report.isValid, "\(report)")
            #expect(report.rowCount == 19 && report.head == head)
            #expect(try store.verifyEvidenceChain() == report)
        }
    }

    @Test("a checkpoint gives the head after a given row, so a certificate issued earlier can be checked against its rows")
    func checkpoint() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)
            try store.record(powerBatch(step: 0, attempt: 1, poll: 0, lanes: 8))
            let certified = try store.evidenceChainHead()
            try store.record(EventRecord(time: sampleStart, kind: "resume", message: "resumed"))
            try store.record(powerBatch(step: 0, attempt: 1, poll: 1, lanes: 8))
            let report = try RunStore.verifyEvidenceChain(at: store.path, checkpoint: certified.count)
            #expect(report.isValid && report.rowCount == 17)
            #expect(report.checkpointHead == certified.head)
            #expect(try RunStore.verifyEvidenceChain(at: store.path, checkpoint: 0).checkpointHead == String(repeating: "0", count: 64))
            #expect(try RunStore.verifyEvidenceChain(at: store.path).checkpointHead == nil)
        }
    }

    @Test("an empty run has the zero head and verifies")
    func empty() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            let chain = try store.evidenceChainHead()
            #expect(chain.head == String(repeating: "0", count: 64) && chain.count == 0)
            #expect(try store.verifyEvidenceChain().isValid)
        }
    }

    @Test("resume continues the chain: rows of the interrupted attempt stay in it")
    func resumeContinues() throws {
        try withTemporaryFolder { folder in
            let path = try Self.recordedRun(in: folder).path
            let reopened = try RunStore.open(at: path)
            try reopened.reopenForResume(at: sampleStart.addingTimeInterval(10), note: "resumed")
            _ = try reopened.beginStep(0, at: sampleStart.addingTimeInterval(11))
            try reopened.record(powerBatch(step: 0, attempt: 2, poll: 5, lanes: 4))
            #expect(try reopened.evidenceChainHead().count == 24)
            let report = try RunStore.verifyEvidenceChain(at: path)
            #expect(report.isValid, "\(report)")
            #expect(report.rowCount == 24)
        }
    }

    @Test(
        "changing, inserting or deleting a measurement row breaks the chain at that row",
        arguments: [
            ("UPDATE measurement SET value = value + 5 WHERE id = 12", EvidenceChainReport.Problem.Kind.altered, "measurement", Int64(12)),
            ("UPDATE measurement SET lane = 3 WHERE id = 2", .altered, "measurement", 2),
            ("UPDATE event SET message = 'nothing happened' WHERE id = 1", .altered, "event", 1),
            ("DELETE FROM measurement WHERE id = 7", .deleted, "measurement", 7),
            ("DELETE FROM event WHERE id = 1", .deleted, "event", 1),
            (
                "INSERT INTO measurement (step_index, attempt, lane, quantity, value, unit, time, instrument) "
                    + "VALUES (0, 1, 3, 'optical_power', 0.001, 'W', 817120501.0, 'meter')", .inserted, "measurement", 18
            ),
            (
                "INSERT INTO measurement (step_index, attempt, lane, quantity, value, unit, time, instrument, chain_seq, chain_hash) "
                    + "SELECT step_index, attempt, lane, quantity, value, unit, time, instrument, chain_seq, chain_hash "
                    + "FROM measurement WHERE id = 4", .inserted, "measurement", 18
            ),
        ])
    func tampering(sql: String, kind: EvidenceChainReport.Problem.Kind, table: String, id: Int64) throws {
        try withTemporaryFolder { folder in
            let path = try Self.recordedRun(in: folder).path
            try Self.tamper(path, sql)
            let report = try RunStore.verifyEvidenceChain(at: path)
            #expect(!report.isValid)
            #expect(report.problem?.kind == kind, "\(report)")
            #expect(report.problem?.table == table, "\(report)")
            #expect(report.problem?.id == id, "\(report)")
            #expect(report.description.contains("\(table) id \(id)"), "\(report)")
        }
    }

    @Test("deleting the last row, or editing the recorded head, is found too")
    func tail() throws {
        try withTemporaryFolder { folder in
            let path = try Self.recordedRun(in: folder).path
            try Self.tamper(path, "DELETE FROM event WHERE id = 2")
            let report = try RunStore.verifyEvidenceChain(at: path)
            #expect(report.problem?.kind == .deleted, "\(report)")
            #expect(report.rowCount == 18)
            try Self.tamper(path, "UPDATE evidence_chain SET count = 18")
            let edited = try RunStore.verifyEvidenceChain(at: path)
            #expect(edited.problem?.kind == .altered && edited.problem?.table == "evidence_chain", "\(edited)")
        }
    }

    @Test("a third party recomputes the same head in Python from the documented encoding")
    func python() throws {
        try withTemporaryFolder { folder in
            let store = try Self.recordedRun(in: folder)
            try store.record([
                MeasurementRecord(
                    stepIndex: 0, attempt: 1, lane: 1, quantity: "ber_errors", value: .nan, unit: "bit", time: sampleStart, instrument: "bert"),
                MeasurementRecord(
                    stepIndex: 0, attempt: 1, lane: nil, quantity: "offset", value: -0.0, unit: "W", time: sampleStart, instrument: "meter"),
            ])
            let (head, count) = try store.evidenceChainHead()
            let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
                .deletingLastPathComponent().appendingPathComponent("scripts/evidence-chain.py").path
            let process = Process()
            process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
            process.arguments = ["python3", script, folder]
            let output = Pipe()
            process.standardOutput = output
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            #expect(process.terminationStatus == 0)
            #expect(String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines) == "\(count) \(head)")
        }
    }
}
