import Synchronization

/// Forwards driver events to a sink attached later (the run recorder exists only after the instruments connect);
/// events from before then are kept and delivered on attachment.
public final class InstrumentEventRelay: Sendable {
    private let state: Mutex<(sink: InstrumentEventSink?, pending: [InstrumentEvent])> = Mutex((nil, []))

    /// Creates a relay with no sink.
    public init() {}

    /// The sink to hand to drivers.
    public var sink: InstrumentEventSink {
        { [self] event in
            let target: InstrumentEventSink? = state.withLock { state in
                if let sink = state.sink { return sink }
                state.pending.append(event)
                return nil
            }
            target?(event)
        }
    }

    /// Attaches the final sink and delivers pending events to it.
    public func attach(_ sink: @escaping InstrumentEventSink) {
        let pending = state.withLock { state -> [InstrumentEvent] in
            state.sink = sink
            defer { state.pending.removeAll() }
            return state.pending
        }
        for event in pending { sink(event) }
    }
}
