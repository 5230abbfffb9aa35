import ArgumentParser
import Certificates
import Foundation
import Qualification
import RunControl

/// Runs a start or resume under signal handling and prints the outcome; the exit code follows the verdict.
enum RunSupervision {
    /// Runs `body` (a start or resume), turning Ctrl-C/SIGTERM into an orderly abort, and exits with the verdict's
    /// code (0 PASS, 1 FAIL, 2 INCOMPLETE) or the error's. Under systemd, `service` says `STOPPING=1` on the way out.
    static func supervise(
        progress: TerminalProgress, service: ServiceProgress? = nil, terminal: Terminal,
        _ body: @escaping @Sendable () async throws(RunControlError) -> RunOutcome
    ) async throws -> Never {
        try await superviseAll(progress: progress, service: service, terminal: terminal) {
            () async throws(RunControlError) in [try await body()]
        }
    }

    /// ``supervise(progress:terminal:_:)`` for a batch: prints every member's outcome and exits with the worst
    /// verdict's code (INCOMPLETE over FAIL over PASS).
    static func superviseAll(
        progress: TerminalProgress, service: ServiceProgress? = nil, terminal: Terminal,
        _ body: @escaping @Sendable () async throws(RunControlError) -> [RunOutcome]
    ) async throws -> Never {
        let task = Task { () async throws -> [RunOutcome] in try await body() }
        let trap = SignalTrap(
            first: { number in
                service?.stopping()
                progress.event(
                    "abort: \(SignalTrap.name(number)) received; bringing the chamber to its safe temperature and "
                        + "turning the DUT supply off, then writing an INCOMPLETE certificate")
                task.cancel()
            },
            again: { _ in
                progress.event(
                    "abort: clean-up is in progress and will not be skipped: the chamber is going to its safe "
                        + "temperature and the DUT supply is being turned off; the run can be resumed afterwards")
            })
        let result = await task.result
        service?.stopping()
        trap.remove()
        progress.finish()
        switch result {
        case .success(let outcomes):
            for outcome in outcomes { print(report(outcome, terminal: terminal)) }
            throw ExitCode(outcomes.map(\.verdict.exitCode).max() ?? 0)
        case .failure(let error as RunControlError):
            StandardError.write("qualstation: error: \(error)")
            throw ExitCode(error.exitCode)
        case .failure(let error):
            StandardError.write("qualstation: error: \(error)")
            throw ExitCode(74)
        }
    }

    /// The closing lines of a run: verdict first, then why, then where the evidence is.
    static func report(_ outcome: RunOutcome, terminal: Terminal) -> String {
        let assessment = outcome.assessment
        let color: Terminal.Color = assessment.verdict == .pass ? .green : assessment.verdict == .fail ? .red : .yellow
        var lines = ["", terminal.paint("VERDICT: \(assessment.verdict.rawValue)", color) + "  (run \(outcome.runID))"]
        for reason in assessment.reasons { lines.append("  - \(reason)") }
        let failing = assessment.criteria.filter { $0.verdict != .pass }
        if !failing.isEmpty {
            lines.append("Criteria not met:")
            for criterion in failing { lines.append("  \(criterion.verdict.rawValue)  \(criterion.name): \(criterion.detail)") }
        }
        let failedLanes = assessment.lanes.filter { !$0.failures.isEmpty }.count
        lines.append(
            "Criteria: \(assessment.criteria.count - failing.count)/\(assessment.criteria.count) met; "
                + "lanes failed: \(failedLanes); spares remapped: \(assessment.remap.count)")
        lines.append("Run directory: \(outcome.directory.path)")
        lines.append("  \(outcome.certificate.json)")
        lines.append("  \(outcome.certificate.jws)")
        lines.append("  \(outcome.certificate.html)")
        return lines.joined(separator: "\n")
    }
}
