import Foundation
import RunControl
import RunStore
import Testing

@Suite("Surveying a runs root for interrupted runs")
struct InterruptedRunSurveyTests {
    /// Writes a run.sqlite for a run that was running when its process died, in `root/name`.
    static func interruptedRun(
        _ root: URL, _ name: String, id: String, station: String, startedAt: TimeInterval, batch: String? = nil
    ) throws -> String {
        let directory = root.appendingPathComponent(name)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        var metadata = ["station.id": station]
        if let batch { metadata[BatchMetadata.id] = batch }
        let run = RunRecord(
            id: id, dut: name, operatorName: "test", stationPath: "stations/\(station).yaml", stationSHA256: "",
            profilePath: "profiles/p.yaml", profileSHA256: "", profileName: "p", profileVersion: "1",
            softwareVersion: "test", startedAt: Date(timeIntervalSince1970: startedAt), metadata: metadata)
        _ = try RunStore.create(at: RunDirectory(path: directory.path).storePath, run: run, steps: [])
        return directory.path
    }

    @Test("the members of a batch resume as one, with the first; a later run on the station waits for the batch")
    func batchResumesAsOne() throws {
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("survey-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: scratch) }
        let root = scratch.appendingPathComponent("runs")
        let locks = StationLocks(directory: scratch.appendingPathComponent("locks").path)
        let a = try Self.interruptedRun(root, "A-0001", id: "RUN-A", station: "bench-1", startedAt: 1000, batch: "BATCH-1")
        let b = try Self.interruptedRun(root, "B-0002", id: "RUN-B", station: "bench-1", startedAt: 1000, batch: "BATCH-1")
        let later = try Self.interruptedRun(root, "C-0003", id: "RUN-C", station: "bench-1", startedAt: 2000)
        // A second batch on a station whose lock is held: every member waits, for the same reason.
        let d = try Self.interruptedRun(root, "D-0004", id: "RUN-D", station: "bench-2", startedAt: 1500, batch: "BATCH-2")
        let e = try Self.interruptedRun(root, "E-0005", id: "RUN-E", station: "bench-2", startedAt: 1500, batch: "BATCH-2")
        let held = try locks.lock(station: "bench-2")

        let survey = try withExtendedLifetime(held) { try InterruptedRunSurvey.survey(root: root.path, stationLocks: locks) }
        let conditions = Dictionary(uniqueKeysWithValues: survey.entries.map { ($0.path, $0.condition) })
        #expect(conditions[a] == .resumable(runID: "RUN-A", stationID: "bench-1"))
        #expect(conditions[b] == .inBatch(runID: "RUN-B", batchID: "BATCH-1", resumedWith: a))
        guard case .stationBusy("RUN-C", "bench-1", let why) = conditions[later] else {
            Issue.record("the run after the batch must wait: \(String(describing: conditions[later]))")
            return
        }
        #expect(why.contains("RUN-A"), "\(why)")
        guard case .stationBusy("RUN-D", "bench-2", let whyD) = conditions[d],
            case .stationBusy("RUN-E", "bench-2", let whyE) = conditions[e]
        else {
            Issue.record("a batch on a busy station waits: \(String(describing: conditions[d])), \(String(describing: conditions[e]))")
            return
        }
        #expect(whyD == whyE)
        #expect(whyD.contains("bench-2"), "\(whyD)")
    }
}
