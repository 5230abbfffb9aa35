/// Something an instrument session wants recorded: a retry, a re-synchronisation, a fault.
public struct InstrumentEvent: Sendable, Equatable {
    /// The kind of event.
    public enum Kind: String, Sendable {
        /// A glitch that a retry recovered from.
        case retry
        /// A BERT lane re-synchronised.
        case resync
        /// A fault that could not be recovered.
        case fault
        /// Anything else worth a line in the log.
        case info
    }
    /// The instrument's role.
    public var role: String
    /// The kind of event.
    public var kind: Kind
    /// What happened.
    public var message: String

    /// Creates an event.
    public init(role: String, kind: Kind, message: String) {
        self.role = role
        self.kind = kind
        self.message = message
    }
}

/// Where drivers report events; the sequencer records them in the run store.
public typealias InstrumentEventSink = @Sendable (InstrumentEvent) -> Void
