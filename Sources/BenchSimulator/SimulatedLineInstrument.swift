import InstrumentProtocols
import StationConfiguration

/// What a line instrument sends back for one received line.
struct LineReply: Sendable, Equatable {
    /// The reply line, without its terminator.
    var text: String
    /// Bench time before which the reply may not be sent (a measurement window still running), or nil.
    /// Only honoured on the wall clock: on a virtual clock time passes only while the station's tasks sleep,
    /// so a reply held for station time could never arrive within the driver's real-time reply timeout.
    var notBefore: Double?

    /// A reply sent at once.
    init(_ text: String, notBefore: Double? = nil) {
        self.text = text
        self.notBefore = notBefore
    }
}

/// One instrument family that speaks vendor ASCII lines (Espec P-300, ThermoStream ATS, the MultiLane SCPI
/// bridge): what each received line does to the shared world and what it answers. The server around it
/// (``LineEndpoint``) handles the transport, framing, injected faults and reboots.
///
/// The model keeps the instrument's own settings (set points of a thermal stream, deferred BERT settings) as
/// value state that the serving thread owns; after a reboot of its role (and before the first request) the
/// endpoint calls ``powerOn(in:)`` so they return to their power-on values, matching the world's power-on state.
protocol SimulatedLineInstrument: Sendable {
    /// The station role it plays.
    var role: InstrumentRole { get }
    /// The terminator written after each reply.
    var terminator: LineTerminator { get }
    /// Handles one received line (terminator removed) on the world (already advanced to the request's time).
    /// Returns the reply, or nil when the line has none (a setting, an unknown command, another bus address).
    mutating func respond(to line: String, in world: inout BenchWorld) -> LineReply?
    /// Returns the instrument's own settings to their power-on values, reading the world's power-on state.
    mutating func powerOn(in world: BenchWorld)
    /// Whether a CR alone ends a received line (an RS-232 instrument such as the JDSU SB), besides LF.
    var inputEndsOnCarriageReturn: Bool { get }
}

extension SimulatedLineInstrument {
    /// Most line instruments end a received line with LF (a CR before it is dropped).
    var inputEndsOnCarriageReturn: Bool { false }
}
