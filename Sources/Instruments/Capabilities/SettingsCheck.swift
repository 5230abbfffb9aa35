/// What ``Instrument/restoreSettingsIfLost()`` found: the instrument still holds the settings the driver last
/// applied, or it had lost them (a reboot, a power cycle, someone at the front panel) and the driver re-applied
/// them.
public enum SettingsCheck: Sendable, Equatable {
    /// Every setting the driver checked is as it was applied.
    case intact
    /// Settings were lost and have been re-applied; `reason` names what was found and what was restored, e.g.
    /// `power-on status bit set: the meter rebooted; channel 1 unit DBM ≠ W — re-applied: unit W, wavelength 450 nm`.
    case restored(reason: String)
}
