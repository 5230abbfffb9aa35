/// What went wrong in the console, with enough context to act on it; each maps to one HTTP status.
public struct ConsoleError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The kind of problem.
    public enum Kind: Sendable, Equatable {
        /// The console's own configuration is unusable (bind address without a token, unreadable token file).
        case configuration
        /// The request is malformed (bad run id, bad field, query too long).
        case badRequest
        /// The request lacks the console's bearer token.
        case unauthorized
        /// No run with that id under the runs roots.
        case notFound
        /// The run directory existed but disappeared or stopped being readable while it was being viewed.
        case gone
        /// The action does not fit the run's state (abort a finished run, resume a live one).
        case conflict
        /// The console could not do what was asked (spawn a process, read a file).
        case failed
    }

    /// The kind of problem.
    public var kind: Kind
    /// What the problem is, naming the file, field or value.
    public var message: String

    /// Creates an error.
    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { message }

    /// The HTTP status code for this error.
    public var statusCode: Int {
        switch kind {
        case .configuration, .failed: 500
        case .badRequest: 400
        case .unauthorized: 401
        case .notFound: 404
        case .gone: 410
        case .conflict: 409
        }
    }
}
