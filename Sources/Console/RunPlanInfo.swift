import Foundation
import LinkStatistics
import Qualification
import StationConfiguration

/// What the console needs from a run's plan: the duration estimate per step (for the ETA), the lane count and the
/// spares. Rebuilt from the station file and profile that run.sqlite keeps, so it is exactly the run's own plan.
struct RunPlanInfo: Sendable {
    /// Estimated station seconds per step.
    var estimate: PlanDurationEstimate
    /// The DUT's lanes.
    var lanes: Int
    /// Spare lanes (lanes beyond those required).
    var spares: Int
    /// The DUT's soak band for the running step, K, per step index.
    var bandKelvin: [Double]
    /// The BER gate of each step that has one: its stopping plan and sync-loss policy, to replay the counters.
    var gates: [Int: LaneGate] = [:]

    /// Builds the plan from the stored documents; nil when they are missing or no longer load.
    static func load(stationText: String?, profileText: String?) -> RunPlanInfo? {
        guard let stationText, let profileText else { return nil }
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("qualstation-console-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        do {
            try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
            let stationPath = folder.appendingPathComponent("station.yaml")
            let profilePath = folder.appendingPathComponent("profile.yaml")
            try Data(stationText.utf8).write(to: stationPath)
            try Data(profileText.utf8).write(to: profilePath)
            let station = try StationFile.load(path: stationPath.path)
            let profile = try Profile.load(path: profilePath.path)
            guard PlanValidator.issues(profile: profile, station: station).isEmpty else { return nil }
            let plan = Plan(profile: profile, station: station)
            var gates: [Int: LaneGate] = [:]
            for step in plan.steps {
                guard case .temperaturePoint(let point) = step.action, point.measure.ber,
                    let stopping = try? point.gate.stoppingPlan(lineRate: profile.dut.lineRateGbps * 1e9)
                else { continue }
                gates[step.index] = LaneGate(plan: stopping, policy: point.gate.onSyncLoss)
            }
            return RunPlanInfo(
                estimate: PlanDurationEstimate(plan: plan), lanes: profile.dut.lanes, spares: profile.dut.spares,
                bandKelvin: plan.steps.map(soakBand), gates: gates)
        } catch {
            return nil
        }
    }

    private static func soakBand(_ step: PlanStep) -> Double {
        switch step.action {
        case .temperaturePoint(let point): point.soak.bandKelvin
        case .dwell(_, _, let soak): soak.bandKelvin
        case .burnInReadPoint(let stage, _, _): stage.soak.bandKelvin
        }
    }
}

/// A step's BER gate as the sequencer runs it: the stopping plan and what a loss of lock does.
struct LaneGate: Sendable {
    var plan: GatePlan
    var policy: SyncLossPolicy
}
