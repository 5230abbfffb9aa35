/// The run list's filters: each given field must match (station, DUT, lot and profile by case-insensitive
/// substring; verdict by the run's state: PASS, FAIL, INCOMPLETE, live or interrupted).
public struct RunFilter: Sendable, Equatable {
    /// Station id contains this.
    public var station: String?
    /// DUT serial contains this.
    public var dut: String?
    /// Lot contains this.
    public var lot: String?
    /// Profile name contains this.
    public var profile: String?
    /// The run's state equals this (case-insensitive).
    public var verdict: String?

    /// A filter; empty strings count as absent.
    public init(station: String? = nil, dut: String? = nil, lot: String? = nil, profile: String? = nil, verdict: String? = nil) {
        func given(_ text: String?) -> String? { text.flatMap { $0.isEmpty ? nil : $0 } }
        self.station = given(station)
        self.dut = given(dut)
        self.lot = given(lot)
        self.profile = given(profile)
        self.verdict = given(verdict)
    }

    /// Whether `run` passes every given filter.
    public func matches(_ run: RunSummary) -> Bool {
        func contains(_ field: String?, _ wanted: String?) -> Bool {
            guard let wanted else { return true }
            return field?.localizedCaseInsensitiveContains(wanted) ?? false
        }
        return contains(run.station, station) && contains(run.dut, dut) && contains(run.lot, lot)
            && contains(run.profile, profile) && (verdict.map { run.state.caseInsensitiveCompare($0) == .orderedSame } ?? true)
    }
}
