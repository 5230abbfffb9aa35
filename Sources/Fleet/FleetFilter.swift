import Foundation

/// Which runs a report covers: any combination of lot, part, station and a start time; nil means any.
public struct FleetFilter: Sendable, Equatable {
    /// Only runs of this lot.
    public var lot: String?
    /// Only runs of this part number.
    public var part: String?
    /// Only runs of this station id.
    public var station: String?
    /// Only runs started at or after this time.
    public var since: Date?

    /// Creates a filter.
    public init(lot: String? = nil, part: String? = nil, station: String? = nil, since: Date? = nil) {
        self.lot = lot
        self.part = part
        self.station = station
        self.since = since
    }

    /// `since` as seconds since 1970, for binding.
    var sinceSeconds: Double? { since?.timeIntervalSince1970 }
}
