import Certificates
import Foundation
import Qualification
import RunStore

/// What `qualstation resume --all-interrupted` finds in a runs root: which runs were interrupted (their process
/// died: a power cut, a crash, kill -9) and can be resumed now, and why the others are left alone.
public struct InterruptedRunSurvey: Sendable {
    /// One run directory and what to do with it.
    public struct Entry: Sendable, Equatable {
        /// The run directory.
        public var path: String
        /// Its condition.
        public var condition: Condition
    }

    /// A run directory's condition.
    public enum Condition: Sendable, Equatable {
        /// Interrupted, and its station is free: resume it now.
        case resumable(runID: String, stationID: String)
        /// Interrupted, but its station is in use (by a live run, or by another interrupted run resumed first).
        case stationBusy(runID: String, stationID: String, why: String)
        /// Interrupted, and a member of a batch whose member in `resumedWith` is resumable: resuming that one resumes
        /// this one too, in the same chamber.
        case inBatch(runID: String, batchID: String, resumedWith: String)
        /// A process is working in it.
        case live(String)
        /// Finished with this verdict and a whole certificate.
        case finished(verdict: String)
        /// Ended INCOMPLETE for a reason other than an interruption (a station fault, missing evidence): a person
        /// should look before resuming it.
        case incomplete(reason: String)
        /// Not readable as a run.
        case unreadable(String)
    }

    /// Every run directory found, oldest run first.
    public let entries: [Entry]

    /// Surveys the directories directly under `root` that hold a run.sqlite (and `root` itself, if it holds one).
    ///
    /// A run counts as interrupted when its process died while it was running, when it was aborted by a signal
    /// (SIGTERM at shutdown, Ctrl-C), or when its verdict was recorded but its certificate was not written. Per
    /// station, only the oldest interrupted run is resumable at once (the members of a batch count as one run, resumed
    /// together); a station whose lock is held is busy.
    public static func survey(root: String, stationLocks: StationLocks) throws(RunControlError) -> InterruptedRunSurvey {
        let names: [String]
        do {
            names = try FileManager.default.contentsOfDirectory(atPath: root).sorted()
        } catch {
            throw .badInput("\(root): cannot list the runs root: \(error.localizedDescription)")
        }
        let candidates = ([root] + names.map { (root as NSString).appendingPathComponent($0) })
            .filter { FileManager.default.fileExists(atPath: RunDirectory(path: $0).storePath) }
        var found: [Examined] = []
        for path in candidates {
            found.append(examine(RunDirectory(path: path)))
        }
        found.sort { ($0.startedAt, $0.entry.path) < ($1.startedAt, $1.entry.path) }
        var claimed: [String: String] = [:]
        var batchLeads: [String: Entry] = [:]
        var entries: [Entry] = []
        for examined in found {
            let entry = examined.entry
            guard case .resumable(let runID, let stationID) = entry.condition else {
                entries.append(entry)
                continue
            }
            // A batch resumes as one: its first member stands for it, the others follow.
            if let batch = examined.batchID, let lead = batchLeads[batch] {
                let condition: Condition =
                    if case .stationBusy(_, _, let why) = lead.condition {
                        .stationBusy(runID: runID, stationID: stationID, why: why)
                    } else {
                        .inBatch(runID: runID, batchID: batch, resumedWith: lead.path)
                    }
                entries.append(Entry(path: entry.path, condition: condition))
                continue
            }
            var settled = entry
            if let first = claimed[stationID] {
                settled.condition = .stationBusy(
                    runID: runID, stationID: stationID, why: "interrupted run \(first) on the same station resumes first")
            } else {
                do {
                    _ = try stationLocks.lock(station: stationID)
                    claimed[stationID] = runID
                } catch {
                    settled.condition = .stationBusy(runID: runID, stationID: stationID, why: error.description)
                }
            }
            if let batch = examined.batchID { batchLeads[batch] = settled }
            entries.append(settled)
        }
        return InterruptedRunSurvey(entries: entries)
    }

    /// One run directory's entry, when its run started (for ordering) and the batch it belongs to, if any.
    private struct Examined {
        var entry: Entry
        var startedAt: Date = .distantPast
        var batchID: String?
    }

    /// The condition of one run directory, when its run started (for ordering) and its batch.
    private static func examine(_ directory: RunDirectory) -> Examined {
        func entry(_ condition: Condition) -> Examined {
            Examined(entry: Entry(path: directory.path, condition: condition))
        }
        let lock: ProcessLock
        do {
            lock = try directory.lock()
        } catch {
            return entry(.live(error.description))
        }
        return withExtendedLifetime(lock) {
            let run: RunRecord
            do {
                run = try RunStore.open(at: directory.storePath).run()
            } catch {
                return entry(.unreadable("\(directory.storePath): \(error)"))
            }
            let stationID = run.metadata["station.id"] ?? run.stationPath
            func found(_ condition: Condition) -> Examined {
                Examined(entry: Entry(path: directory.path, condition: condition), startedAt: run.startedAt, batchID: run.metadata[BatchMetadata.id])
            }
            switch run.status {
            case .running:
                return found(.resumable(runID: run.id, stationID: stationID))
            case .completed, .incomplete:
                if case .unfinished = CertificateWriter.completeness(in: directory.path) {
                    return found(.resumable(runID: run.id, stationID: stationID))
                }
                guard run.status == .incomplete else { return found(.finished(verdict: run.verdict ?? "none")) }
                let reason = run.incompleteReason ?? "no reason recorded"
                guard reason == Sequencer.signalAbortReason else { return found(.incomplete(reason: reason)) }
                return found(.resumable(runID: run.id, stationID: stationID))
            }
        }
    }
}
