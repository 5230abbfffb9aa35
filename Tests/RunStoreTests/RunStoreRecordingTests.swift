import Foundation
import RunStore
import Testing

@Suite("Recording measurements, steps and events")
struct RunStoreRecordingTests {
    @Test("batches of 416 lanes read back complete and in recording order")
    func batchesReadBackInOrder() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            #expect(try store.beginStep(0, at: sampleStart) == 1)
            var expected: [MeasurementRecord] = []
            for poll in 0..<3 {
                let batch = powerBatch(step: 0, attempt: 1, poll: poll)
                    + [temperature(step: 0, attempt: 1, celsius: 25.02 + Double(poll), at: Double(poll))]
                try store.record(batch)
                expected += batch
            }
            #expect(try store.measurementCount() == 3 * 417)
            #expect(try store.allMeasurements() == expected)
            var streamed: [MeasurementRecord] = []
            try store.forEachMeasurement { streamed.append($0) }
            #expect(streamed == expected)
        }
    }

    @Test("the latest recorded time is the latest of the run's start, steps, events and measurements")
    func latestRecordedTime() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            #expect(try store.latestRecordedTime() == sampleStart)
            _ = try store.beginStep(0, at: sampleStart.addingTimeInterval(2))
            #expect(try store.latestRecordedTime() == sampleStart.addingTimeInterval(2))
            try store.record([temperature(step: 0, attempt: 1, celsius: 25, at: 7.5)])
            try store.record(EventRecord(time: sampleStart.addingTimeInterval(4), kind: "retry", message: "meter timeout"))
            #expect(try store.latestRecordedTime() == sampleStart.addingTimeInterval(7.5))
            try store.record(EventRecord(time: sampleStart.addingTimeInterval(9.25), kind: "abort", message: "SIGTERM"))
            #expect(try store.latestRecordedTime() == sampleStart.addingTimeInterval(9.25))
        }
    }

    @Test("NaN, infinities, a missing lane and sub-microsecond times survive storage")
    func unusualValuesRoundTrip() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)
            let time = Date(timeIntervalSinceReferenceDate: 817_120_777.000_000_123)
            let readings = [
                MeasurementRecord(
                    stepIndex: 0, attempt: 1, lane: 7, quantity: "optical_power", value: .nan, unit: "W",
                    time: time, instrument: "meter"),
                MeasurementRecord(
                    stepIndex: 0, attempt: 1, lane: nil, quantity: "supply_voltage", value: .infinity, unit: "V",
                    time: time, instrument: "supply"),
                MeasurementRecord(
                    stepIndex: 0, attempt: 1, lane: 0, quantity: "ber_errors", value: 0, unit: "bit",
                    time: time, instrument: "bert"),
            ]
            try store.record(readings)
            let stored = try store.allMeasurements()
            #expect(stored.count == 3)
            #expect(stored[0].value.isNaN)
            #expect(stored[0].lane == 7 && stored[0].time == time)
            #expect(stored[1] == readings[1])
            #expect(stored[2] == readings[2])
        }
    }

    @Test("evidence excludes a superseded attempt")
    func evidenceExcludesSupersededAttempt() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            #expect(try store.beginStep(1, at: sampleStart) == 1)
            let first = powerBatch(step: 1, attempt: 1, poll: 0, lanes: 8)
            try store.record(first)
            #expect(try store.evidence(step: 1).isEmpty)

            #expect(try store.beginStep(1, at: sampleStart.addingTimeInterval(60)) == 2)
            let second = powerBatch(step: 1, attempt: 2, poll: 1, lanes: 8)
                + [temperature(step: 1, attempt: 2, celsius: 85.1, at: 61)]
            try store.record(second)
            try store.completeStep(1, at: sampleStart.addingTimeInterval(120))

            #expect(try store.evidence(step: 1) == second)
            #expect(try store.evidence(step: 1, quantity: "optical_power") == Array(second.prefix(8)))
            #expect(try store.evidence(step: 1, quantity: "dut_temperature") == [second[8]])
            #expect(try store.evidence(step: 1, quantity: "ber_errors").isEmpty)
            #expect(try store.allMeasurements() == first + second)

            let step = try #require(try store.steps().first { $0.index == 1 })
            #expect(step.status == .complete)
            #expect(step.attempt == 2)
            #expect(step.startedAt == sampleStart.addingTimeInterval(60))
            #expect(step.endedAt == sampleStart.addingTimeInterval(120))
        }
    }

    @Test("a completed step restarted again keeps its completed evidence until the new attempt completes")
    func restartedCompletedStepKeepsEvidence() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)
            let completed = powerBatch(step: 0, attempt: 1, poll: 0, lanes: 4)
            try store.record(completed)
            try store.completeStep(0, at: sampleStart.addingTimeInterval(1))

            #expect(try store.beginStep(0, at: sampleStart.addingTimeInterval(2)) == 2)
            let partial = powerBatch(step: 0, attempt: 2, poll: 1, lanes: 4)
            try store.record(partial)
            #expect(try store.evidence(step: 0) == completed)

            try store.completeStep(0, at: sampleStart.addingTimeInterval(3))
            #expect(try store.evidence(step: 0) == partial)
        }
    }

    @Test("the evidence query is served by the measurement index")
    func evidenceUsesIndex() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            for byQuantity in [false, true] {
                let plan = try store.evidenceQueryPlan(byQuantity: byQuantity).joined(separator: "\n")
                #expect(plan.contains("USING INDEX measurement_by_step"), "plan: \(plan)")
                #expect(!plan.contains("SCAN measurement\n") && !plan.hasSuffix("SCAN measurement"), "plan: \(plan)")
            }
        }
    }

    @Test("a batch with a reading for an unknown step or a future attempt is refused whole")
    func invalidBatchIsRefusedWhole() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            _ = try store.beginStep(0, at: sampleStart)

            let future = powerBatch(step: 0, attempt: 1, poll: 0, lanes: 3)
                + powerBatch(step: 0, attempt: 2, poll: 0, lanes: 1)
            let futureError = #expect(throws: RunStoreError.self) { try store.record(future) }
            #expect(futureError?.kind == .invalidRequest)
            #expect(futureError?.description.contains("attempt 2") == true)

            let unknown = powerBatch(step: 0, attempt: 1, poll: 0, lanes: 3)
                + powerBatch(step: 9, attempt: 1, poll: 0, lanes: 1)
            let unknownError = #expect(throws: RunStoreError.self) { try store.record(unknown) }
            #expect(unknownError?.description.contains("no step 9") == true)

            let unstarted = powerBatch(step: 2, attempt: 1, poll: 0, lanes: 1)
            let unstartedError = #expect(throws: RunStoreError.self) { try store.record(unstarted) }
            #expect(unstartedError?.description.contains("has not been started") == true)

            #expect(try store.measurementCount() == 0)
        }
    }

    @Test("steps refuse impossible transitions")
    func stepTransitions() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            let notRunning = #expect(throws: RunStoreError.self) { try store.completeStep(0, at: sampleStart) }
            #expect(notRunning?.description.contains("pending") == true)
            let missing = #expect(throws: RunStoreError.self) { _ = try store.beginStep(3, at: sampleStart) }
            #expect(missing?.description.contains("steps 0 to 2") == true)
            #expect(try store.steps() == samplePlan)
        }
    }

    @Test("events read back in order with their step")
    func eventsRoundTrip() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            let events = [
                EventRecord(time: sampleStart, kind: "calibration", message: "meter calibrated until 2027-01-31"),
                EventRecord(
                    time: sampleStart.addingTimeInterval(5), stepIndex: 0, kind: "retry",
                    message: "meter timeout, retry 1 of 3"),
                EventRecord(
                    time: sampleStart.addingTimeInterval(6), stepIndex: 0, kind: "resync",
                    message: "lane 12 resynchronised"),
            ]
            for event in events {
                try store.record(event)
            }
            #expect(try store.events() == events)
            let error = #expect(throws: RunStoreError.self) {
                try store.record(EventRecord(time: sampleStart, stepIndex: 42, kind: "fault", message: "x"))
            }
            #expect(error?.description.contains("no step 42") == true)
            #expect(try store.events().count == 3)
        }
    }

    @Test("metadata updates merge into the stored metadata")
    func metadataMerges() throws {
        try withTemporaryFolder { folder in
            let store = try RunStore.create(at: folder + "/run.sqlite", run: sampleRun(), steps: samplePlan)
            try store.updateMetadata(["lot": "L-2208", "fixture": "F/7 \"left\""])
            let expected = ["lab": "Bay 3", "lot": "L-2208", "part": "MLA-416", "fixture": "F/7 \"left\""]
            #expect(try store.run().metadata == expected)
        }
    }
}
