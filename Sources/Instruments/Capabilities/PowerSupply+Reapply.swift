extension PowerSupply {
    /// Re-applies a remembered level and output state (whichever was set) and returns how to name them in a
    /// ``SettingsCheck`` reason.
    func reapply(level: (volts: Double, currentLimit: Double)?, outputOn: Bool?) async throws -> [String] {
        var applied: [String] = []
        if let level {
            try await configure(volts: level.volts, currentLimit: level.currentLimit)
            applied.append("\(SettingsAudit.format(level.volts)) V, \(SettingsAudit.format(level.currentLimit)) A limit")
        }
        if let outputOn {
            try await setOutput(outputOn)
            applied.append("output \(outputOn ? "on" : "off")")
        }
        return applied
    }
}
