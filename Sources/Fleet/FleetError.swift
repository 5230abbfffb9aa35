/// Something the fleet database or a run to replicate refused, with what was being done when it happened.
public struct FleetError: Error, CustomStringConvertible, Sendable {
    /// What kind of failure this is.
    public enum Kind: String, Sendable {
        /// The fleet URL could not be understood.
        case badURL
        /// PostgreSQL could not be reached or refused the connection.
        case unreachable
        /// A statement failed in PostgreSQL.
        case database
        /// A run directory or its run.sqlite could not be read.
        case runStore
        /// A command-line input was wrong.
        case badInput
    }

    /// What kind of failure this is.
    public var kind: Kind
    /// What was being done ("pushing measurements of run X").
    public var context: String
    /// What went wrong.
    public var problem: String

    /// Creates an error.
    public init(_ kind: Kind, _ context: String, _ problem: String) {
        self.kind = kind
        self.context = context
        self.problem = problem
    }

    /// A readable message.
    public var description: String { "fleet: \(context): \(problem)" }
}
