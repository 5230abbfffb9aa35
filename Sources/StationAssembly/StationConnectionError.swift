import StationConfiguration
import StationLinks

/// An instrument of the station could not be reached, identified or used in its role.
public struct StationConnectionError: Error, CustomStringConvertible, Sendable {
    /// The role that failed.
    public var role: InstrumentRole
    /// The driver the station file names for it.
    public var driver: String
    /// Where it was looked for.
    public var resource: ResourceString
    /// What went wrong, from the link or driver.
    public var reason: String

    /// Creates the error.
    public init(role: InstrumentRole, driver: String, resource: ResourceString, reason: String) {
        self.role = role
        self.driver = driver
        self.resource = resource
        self.reason = reason
    }

    public var description: String {
        "\(role.rawValue) (\(driver) at \(resource)): \(reason)"
    }
}

/// The station file cannot be assembled into a working station (a role is missing or has the wrong capability).
public struct StationAssemblyError: Error, CustomStringConvertible, Sendable {
    /// The station file.
    public var path: String
    /// What is wrong.
    public var reason: String

    /// Creates the error.
    public init(path: String, reason: String) {
        self.path = path
        self.reason = reason
    }

    public var description: String { "\(path): \(reason)" }
}
