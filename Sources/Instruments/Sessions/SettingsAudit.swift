import Foundation

/// Collects what a settings check finds wrong on an instrument and words the ``SettingsCheck`` it ends in.
struct SettingsAudit: Sendable {
    /// Findings so far, in the order they were made.
    private(set) var findings: [String] = []

    /// Whether anything was found lost.
    var lost: Bool { !findings.isEmpty }

    /// Notes the IEEE 488.2 power-on bit (`*ESR?` bit 7) when it is set.
    mutating func powerOn(_ set: Bool, instrument: String) {
        if set { findings.append("power-on status bit set: the \(instrument) rebooted") }
    }

    /// Notes a setting that reads back differently from what was applied.
    mutating func mismatch(_ setting: String, found: String, expected: String) {
        findings.append("\(setting) \(found) ≠ \(expected)")
    }

    /// Notes a finding in the caller's words.
    mutating func note(_ finding: String) {
        findings.append(finding)
    }

    /// Compares a number read back with the number applied, within `tolerance`.
    mutating func compare(_ setting: String, found: Double, expected: Double, tolerance: Double, unit: String) {
        guard abs(found - expected) > tolerance else { return }
        mismatch(setting, found: Self.format(found) + unit, expected: Self.format(expected) + unit)
    }

    /// Compares a two-state setting read back with the state applied, named `yes` / `no` in the reason.
    mutating func compare(_ setting: String, found: Bool, expected: Bool, yes: String = "on", no: String = "off") {
        guard found != expected else { return }
        mismatch(setting, found: found ? yes : no, expected: expected ? yes : no)
    }

    /// The outcome after the settings in `applied` were re-applied (``SettingsCheck/intact`` when nothing was lost).
    func outcome(applied: [String]) -> SettingsCheck {
        guard lost else { return .intact }
        let restored = applied.isEmpty ? "nothing to re-apply" : "re-applied: " + applied.joined(separator: ", ")
        return .restored(reason: findings.joined(separator: "; ") + " — " + restored)
    }

    /// A number for a reason: up to six significant digits, no trailing zeros.
    static func format(_ value: Double) -> String {
        String(format: "%.6g", value)
    }
}
