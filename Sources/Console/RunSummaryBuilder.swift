import Foundation
import GRDB

/// Turns one consistent read of run.sqlite into the run list's view, working out where an unfinished run stands.
enum RunSummaryBuilder {
    static func summary(_ db: Database, id: String, held: Bool, pid: Int32?, plan: RunPlanInfo?) throws -> RunSummary {
        let header = try RunQueries.header(db)
        let state: String
        if held {
            state = "live"
        } else {
            switch header.status {
            case "completed": state = header.verdict ?? "COMPLETED"
            case "incomplete": state = "INCOMPLETE"
            default: state = "interrupted"
            }
        }
        var summary = RunSummary(
            id: id, runID: header.runID, station: header.metadata["station.id"] ?? "", dut: header.dut,
            lot: header.metadata["lot"], operatorName: header.operatorName, profile: header.profileName,
            profileVersion: header.profileVersion, startedAt: header.startedAt, endedAt: header.endedAt, status: header.status,
            verdict: header.verdict, state: state, incompleteReason: header.incompleteReason,
            batch: BatchMembership(metadata: header.metadata))
        if held || header.status == "running" {
            summary.progress = try progress(db, pid: held ? pid : nil, plan: plan)
        }
        return summary
    }

    /// Step, phase, temperatures and the time left of an unfinished run.
    static func progress(_ db: Database, pid: Int32?, plan: RunPlanInfo?) throws -> RunProgress {
        let steps = try RunQueries.steps(db)
        let air = try RunQueries.latest("air_temperature", db)
        let dut = try RunQueries.latest("dut_temperature", db)
        let setpoint = try RunQueries.latest("chamber_setpoint", db)
        let lastReading = [air?.time, dut?.time].compactMap { $0 }.max()
        let current = steps.first { $0.status == "running" } ?? steps.first { $0.status == "pending" }
        var progress = RunProgress(
            pid: pid, stepIndex: current?.index, stepName: current?.name, stepCount: steps.count,
            stepsComplete: steps.filter { $0.status == "complete" }.count, phase: "idle", airCelsius: air?.value,
            dutCelsius: dut?.value, setpointCelsius: setpoint?.value, lastReadingAt: lastReading)
        guard let current, current.status == "running" else { return progress }
        progress.phase = try phase(of: current, dutCelsius: dut?.value, band: plan?.bandKelvin, db)
        if let plan, let started = current.startedAt {
            let now = max(lastReading ?? started, started)
            let remaining = plan.estimate.remainingSeconds(inStep: current.index, elapsed: now.timeIntervalSince(started))
            progress.remainingSeconds = remaining
            progress.eta = now.addingTimeInterval(remaining)
        }
        return progress
    }

    /// `gate` while a BER gate counts, `measure` while other measurements run, else `soak` when the DUT is within
    /// the step's soak band of its setpoint, else `ramp`.
    static func phase(of step: StepView, dutCelsius: Double?, band: [Double]?, _ db: Database) throws -> String {
        if try RunQueries.has("measurement_start", step: step.index, attempt: step.attempt, db) {
            let gating = try RunQueries.has("ber_compared_bits", step: step.index, attempt: step.attempt, db)
            let decided = try RunQueries.has("ber_decision", step: step.index, attempt: step.attempt, db)
            return gating && !decided ? "gate" : "measure"
        }
        guard let dutCelsius, let target = step.setpointCelsius else { return "ramp" }
        let width = band.flatMap { $0.indices.contains(step.index) ? $0[step.index] : nil } ?? 1
        return abs(dutCelsius - target) <= width ? "soak" : "ramp"
    }
}
