/// A fault of the station (not the DUT): the run becomes INCOMPLETE with this reason.
public struct StationFault: Error, CustomStringConvertible, Sendable {
    /// Why.
    public var reason: String

    /// Creates a fault.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
