import ArgumentParser
import Foundation
import RunControl

/// `qualstation resume --all-interrupted RUNS_ROOT`: after a power cut, resumes every interrupted run whose station
/// is free, each in a detached `qualstation resume` of its own, and says what it did with every run it found.
struct InterruptedRunResumption {
    /// How long a started resume has to take its run lock (or end) before it is reported as not started.
    static let startDeadline = Duration.seconds(20)

    let root: String
    /// The resumes' --lock-dir and --fleet.
    let options: StationRunOptions

    func run() async throws -> Never {
        let locks = options.stationLocks
        let survey: InterruptedRunSurvey
        do {
            survey = try InterruptedRunSurvey.survey(root: root, stationLocks: locks)
        } catch {
            StandardError.write("qualstation: error: \(error)")
            throw ExitCode(error.exitCode)
        }
        var started: [(path: String, process: DetachedProcess)] = []
        var waiting = 0
        let executable = DetachedProcess.currentExecutable()
        for entry in survey.entries {
            switch entry.condition {
            case .resumable(let runID, let stationID):
                let arguments = ["resume", entry.path] + options.arguments
                let log = RunDirectory(path: entry.path).file("resume.log")
                do {
                    started.append((entry.path, try DetachedProcess.spawn(executable, arguments, logPath: log)))
                    print("resuming  \(entry.path)  (run \(runID) on station \(stationID)); output in \(log)")
                } catch {
                    print("FAILED    \(entry.path)  \(error)")
                    waiting += 1
                }
            case .stationBusy(let runID, let stationID, let why):
                print("waiting   \(entry.path)  (run \(runID)): station \(stationID) is busy: \(why)")
                waiting += 1
            case .inBatch(let runID, let batchID, let lead):
                print("batch     \(entry.path)  (run \(runID)) resumes with \(lead), batch \(batchID)")
            case .live(let why):
                print("running   \(entry.path)  \(why)")
            case .finished(let verdict):
                print("finished  \(entry.path)  \(verdict)")
            case .incomplete(let reason):
                print("left      \(entry.path)  INCOMPLETE: \(reason); look, then `qualstation resume \(entry.path)`")
            case .unreadable(let why):
                print("unreadable \(entry.path)  \(why)")
            }
        }
        for (path, process) in started where !(await Self.tookItsRun(process, path: path)) {
            let status = process.exitStatus().map { "exit status \($0)" } ?? "no lock taken"
            print("FAILED    \(path)  the resume did not start (\(status)); see \(RunDirectory(path: path).file("resume.log"))")
            waiting += 1
        }
        if survey.entries.isEmpty { print("no runs under \(root)") }
        throw ExitCode(waiting == 0 ? 0 : 75)
    }

    /// Whether the started resume holds its run's lock (or already finished successfully) before the deadline.
    ///
    /// The lock is read from the kernel's table, never taken: a probe holding it for a moment could make the very
    /// resume it watches fail as busy (seen on a loaded machine: the run then waited for the next power-cut sweep).
    private static func tookItsRun(_ process: DetachedProcess, path: String) async -> Bool {
        let deadline = ContinuousClock.now + startDeadline
        let lockPath = RunDirectory(path: path).lockPath
        while ContinuousClock.now < deadline {
            if let status = process.exitStatus() { return [0, 1, 2].contains(status) }
            let holder = HeldLocks.snapshot().holder(of: lockPath)
            if holder.held, holder.pid == process.pid { return true }
            try? await Task.sleep(for: .milliseconds(50))
        }
        return false
    }
}
