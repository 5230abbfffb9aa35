/// A failure of the DUT itself that stops the run (it draws more current than its limit): the run ends FAIL with
/// this cause, after the station is brought to its safe state. Only raised where the evidence rules out the
/// station (the supply still holds the settings it was given).
public struct DUTFailure: Error, CustomStringConvertible, Sendable {
    /// The event kind under which the failure is recorded in the run store.
    public static let eventKind = "dut-failure"

    /// What the DUT did.
    public var reason: String

    /// Creates a failure.
    public init(_ reason: String) {
        self.reason = reason
    }

    public var description: String { reason }
}
