/// Why a step's measurement cannot stand and must be repeated after soaking again: the DUT left the soak band
/// while it was measured, or an instrument lost its settings (rebooted) during it. After the profile's
/// `max_repeats` repeats, one more interruption is a station fault.
struct MeasurementInterruption: Error, CustomStringConvertible, Sendable {
    /// What happened, for the event log and the certificate's deviations.
    var reason: String

    init(_ reason: String) {
        self.reason = reason
    }

    var description: String { reason }
}
