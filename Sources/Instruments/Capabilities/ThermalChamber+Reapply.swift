extension ThermalChamber {
    /// Re-applies a remembered setpoint, run state and purge (whichever was set) and returns how to name them in
    /// a ``SettingsCheck`` reason.
    func reapply(setpoint: Double?, running: Bool?, purge: Bool?) async throws -> [String] {
        var applied: [String] = []
        if let setpoint {
            try await setSetpoint(setpoint)
            applied.append("setpoint \(SettingsAudit.format(setpoint)) °C")
        }
        if let running {
            if running { try await start() } else { try await stop() }
            applied.append(running ? "running" : "stopped")
        }
        if let purge {
            try await setPurge(purge)
            applied.append("purge \(purge ? "on" : "off")")
        }
        return applied
    }
}
