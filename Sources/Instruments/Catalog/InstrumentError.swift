/// A driver-level failure: the wrong instrument, a reply that makes no sense, or a fault retries did not clear.
public struct InstrumentError: Error, CustomStringConvertible, Sendable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The instrument identified itself as something this driver does not drive.
        case identityMismatch
        /// A reply could not be understood.
        case malformedReply
        /// The instrument reported an error or an alarm.
        case deviceError
        /// Retries were exhausted: the instrument is faulty or unreachable. A station fault, never a DUT failure.
        case stationFault
        /// The instrument cannot do what was asked (a pattern it lacks, a channel it does not have).
        case unsupported
    }
    /// What went wrong.
    public var kind: Kind
    /// The role of the instrument.
    public var role: String
    /// The driver name.
    public var driver: String
    /// Details for the technician.
    public var message: String

    /// Creates an instrument error.
    public init(_ kind: Kind, role: String, driver: String, message: String) {
        self.kind = kind
        self.role = role
        self.driver = driver
        self.message = message
    }

    public var description: String { "\(role) (\(driver)): \(message)" }
}
