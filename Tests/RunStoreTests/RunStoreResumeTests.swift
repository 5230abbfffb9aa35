import Foundation
import RunStore
import Testing

@Suite("Durability, finishing and resuming")
struct RunStoreResumeTests {
    /// Records `polls` batches into a fresh run at `path` and returns what was recorded; the store is released
    /// without `finish`, as when the process dies.
    private func recordAndAbandon(at path: String, polls: Int) throws -> [MeasurementRecord] {
        let store = try RunStore.create(at: path, run: sampleRun(), steps: samplePlan)
        _ = try store.beginStep(0, at: sampleStart)
        var recorded: [MeasurementRecord] = []
        for poll in 0..<polls {
            let batch = powerBatch(step: 0, attempt: 1, poll: poll)
            try store.record(batch)
            recorded += batch
        }
        try store.record(EventRecord(time: sampleStart, stepIndex: 0, kind: "info", message: "last words"))
        return recorded
    }

    @Test("every committed batch is there when a second store opens the file of an unfinished run")
    func committedBatchesSurviveAbandonedStore() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/run.sqlite"
            let recorded = try recordAndAbandon(at: path, polls: 5)
            let reopened = try RunStore.open(at: path)
            #expect(try reopened.measurementCount() == 5 * 416)
            #expect(try reopened.allMeasurements() == recorded)
            #expect(try reopened.events().last?.message == "last words")
            #expect(try reopened.run().status == .running)
            #expect(try reopened.steps()[0].status == .running)
            #expect(try reopened.steps()[0].attempt == 1)
        }
    }

    @Test("the files on disk alone hold every committed batch while the writer is still open (as at kill -9)")
    func committedBatchesAreOnDiskBeforeClose() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/run.sqlite"
            let store = try RunStore.create(at: path, run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)
            var recorded: [MeasurementRecord] = []
            for poll in 0..<4 {
                let batch = powerBatch(step: 0, attempt: 1, poll: poll)
                try store.record(batch)
                recorded += batch
            }
            // Snapshot the database and its write-ahead log while `store` still holds them open, as a crash would
            // leave them, then open the snapshot.
            let snapshotFolder = folder + "/snapshot"
            try FileManager.default.createDirectory(atPath: snapshotFolder, withIntermediateDirectories: false)
            for suffix in ["", "-wal"] where FileManager.default.fileExists(atPath: path + suffix) {
                try FileManager.default.copyItem(atPath: path + suffix, toPath: snapshotFolder + "/run.sqlite" + suffix)
            }
            let recovered = try RunStore.open(at: snapshotFolder + "/run.sqlite")
            #expect(try recovered.allMeasurements() == recorded)
            #expect(try recovered.steps()[0].status == .running)
            #expect(try store.measurementCount() == recorded.count)
        }
    }

    @Test("resume after a crash: the interrupted step restarts and only its new attempt becomes evidence")
    func resumeAfterCrash() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/run.sqlite"
            let before = try recordAndAbandon(at: path, polls: 2)
            let store = try RunStore.open(at: path)
            try store.reopenForResume(at: sampleStart.addingTimeInterval(3600), note: "operator resumed")
            let resume = try #require(try store.events().last)
            #expect(resume.kind == "resume")
            #expect(resume.message.contains("operator resumed"))
            #expect(resume.message.contains("step 0"))

            #expect(try store.beginStep(0, at: sampleStart.addingTimeInterval(3601)) == 2)
            let after = powerBatch(step: 0, attempt: 2, poll: 9)
            try store.record(after)
            try store.completeStep(0, at: sampleStart.addingTimeInterval(3700))
            #expect(try store.evidence(step: 0) == after)
            #expect(try store.allMeasurements() == before + after)
        }
    }

    @Test("finish stores status, verdict and reason; resume clears them and records why it was incomplete")
    func finishAndReopen() throws {
        try withTemporaryFolder { folder in
            let path = folder + "/run.sqlite"
            let store = try RunStore.create(at: path, run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)
            let end = sampleStart.addingTimeInterval(900.25)
            try store.finish(status: .incomplete, verdict: "INCOMPLETE", reason: "chamber did not answer", at: end)
            let finished = try RunStore.open(at: path).run()
            #expect(finished.status == .incomplete)
            #expect(finished.verdict == "INCOMPLETE")
            #expect(finished.incompleteReason == "chamber did not answer")
            #expect(finished.endedAt == end)

            let refused = #expect(throws: RunStoreError.self) { _ = try store.beginStep(1, at: end) }
            #expect(refused?.description.contains("incomplete") == true)

            try store.reopenForResume(at: end.addingTimeInterval(60), note: "chamber power restored")
            let reopened = try store.run()
            #expect(reopened.status == .running)
            #expect(reopened.verdict == nil && reopened.incompleteReason == nil && reopened.endedAt == nil)
            let event = try #require(try store.events().last)
            #expect(event.kind == "resume")
            #expect(event.time == end.addingTimeInterval(60))
            #expect(event.message.contains("chamber power restored"))
            #expect(event.message.contains("chamber did not answer"))
            #expect(try store.beginStep(0, at: end.addingTimeInterval(61)) == 2)
        }
    }

    @Test("a completed run cannot be reopened, and a run cannot finish as running")
    func completedRunIsFinal() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            let running = #expect(throws: RunStoreError.self) {
                try store.finish(status: .running, verdict: nil, reason: nil, at: sampleStart)
            }
            #expect(running?.kind == .invalidRequest)
            try store.finish(status: .completed, verdict: "PASS", reason: nil, at: sampleStart)
            let error = #expect(throws: RunStoreError.self) {
                try store.reopenForResume(at: sampleStart, note: "again")
            }
            #expect(error?.description.contains("PASS") == true)
            #expect(try store.run().status == .completed)
            #expect(try store.events().isEmpty)
        }
    }
}
