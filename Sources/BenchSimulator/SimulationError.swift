import StationConfiguration

/// Why a simulated station cannot be started: the station file asks for something the bench simulator cannot
/// serve, or the operating system refused a pseudo-terminal or a socket.
public struct SimulationError: Error, CustomStringConvertible, Sendable, Equatable {
    /// What went wrong.
    public enum Kind: Sendable, Equatable {
        /// The station file has no `simulation:` section, so there is no world to simulate.
        case noSimulationSection
        /// An instrument with resource `sim` uses a driver the simulator has no model for.
        case noSimulator
        /// A fault in `simulation.faults` cannot apply to the instrument it names.
        case faultNotApplicable
        /// The station describes a simulated instrument as the real one cannot be (a 4-lane MultiLane BERT with
        /// 416 channels, an E36312A output 5, a single-input meter behind meter channel 2).
        case unsupportedConfiguration
        /// A pseudo-terminal or listening socket could not be opened.
        case cannotServe
    }

    /// What went wrong.
    public var kind: Kind
    /// The station file, as loaded.
    public var station: String
    /// The instrument role concerned, when there is one.
    public var role: InstrumentRole?
    /// The driver of that instrument, when there is one.
    public var driver: String?
    /// Details for the technician.
    public var message: String

    /// Creates a simulation error.
    public init(_ kind: Kind, station: String, role: InstrumentRole? = nil, driver: String? = nil, message: String) {
        self.kind = kind
        self.station = station
        self.role = role
        self.driver = driver
        self.message = message
    }

    /// A sentence naming the station file, the role and the driver.
    public var description: String {
        var subject = station.isEmpty ? "simulated station" : station
        if let role {
            subject += ", instruments.\(role.rawValue)"
            if let driver { subject += " (driver \(driver))" }
        }
        return "\(subject): \(message)"
    }
}
