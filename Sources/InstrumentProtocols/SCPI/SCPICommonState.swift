/// The IEEE 488.2 state every simulated SCPI instrument shares, and the mandatory common commands on it.
///
/// A simulator keeps one of these, passes each received unit to `execute(_:)` and handles the unit itself
/// only when the outcome is `.notCommon`. Errors it finds in its own commands go through `report(_:)` so the
/// error queue and the ESR agree. Behaviour follows scpi-parser `ieee488.c`: `*ESR?` reads and clears,
/// `*OPC?` answers `1`, `*TST?` answers the self-test result (0 = passed), `*CLS` clears ESR, the error queue
/// and the QUES/OPER event registers; `*RST` leaves status and queue alone (IEEE 488.2 10.32).
public struct SCPICommonState: Sendable, Hashable {
    /// What `execute(_:)` did with a unit.
    public enum Outcome: Sendable, Hashable {
        /// A query was answered; send this reply.
        case reply(String)
        /// A common command was handled (or its error queued); nothing to send.
        case handled
        /// `*RST`: the simulator must return its own settings to their reset values; nothing to send.
        case reset
        /// Not a common command; the simulator handles the unit.
        case notCommon
    }

    /// The identity `*IDN?` reports.
    public var identity: InstrumentIdentity
    /// The error queue read by `SYST:ERR?`.
    public var errorQueue: SCPIErrorQueue
    /// The status registers.
    public var status: SCPIStatusRegisters
    /// The number `*TST?` answers; 0 means the self-test passed.
    public var selfTestResult: Int
    /// The command set `*LANG?` reports (`SCPI`, `TSP`, `SCPI2400` on a Keithley 2450); nil when the instrument
    /// has no `*LANG?` (it is then an undefined header, -113).
    public var commandLanguage: String?

    /// Creates the state of a freshly powered-on instrument (PON set in the ESR).
    public init(identity: InstrumentIdentity, errorQueueCapacity: Int = 20, selfTestResult: Int = 0) {
        self.identity = identity
        self.errorQueue = SCPIErrorQueue(capacity: errorQueueCapacity)
        self.status = SCPIStatusRegisters(poweredOn: true)
        self.selfTestResult = selfTestResult
    }

    /// Queues an error entry and sets its ESR bit.
    public mutating func report(_ entry: SCPIErrorEntry) {
        errorQueue.push(entry)
        status.recordError(code: entry.code)
    }

    /// Queues a command error (with its detail as device information) and sets its ESR bit.
    public mutating func report(_ error: SCPICommandError) {
        report(error.entry)
    }

    /// Removes the oldest error and returns the `SYST:ERR?` reply for it (`0,"No error"` when empty).
    public mutating func nextErrorReply() -> String {
        errorQueue.pop().reply
    }

    /// The status byte now; `messageAvailable` sets MAV for a reply waiting to be read.
    public func statusByte(messageAvailable: Bool = false) -> UInt8 {
        status.statusByte(errorQueueNotEmpty: !errorQueue.isEmpty, messageAvailable: messageAvailable)
    }

    /// Executes `unit` if it is a common command; errors (-113 unknown, -108/-109 parameter count,
    /// -104/-222 bad register value) are queued and reported as `.handled`.
    public mutating func execute(_ unit: SCPIProgramUnit) -> Outcome {
        guard unit.isCommon, let node = unit.nodes.first else { return .notCommon }
        do {
            return try run(node.mnemonic, unit)
        } catch {
            report(error)
            return .handled
        }
    }

    private mutating func run(_ name: String, _ unit: SCPIProgramUnit) throws(SCPICommandError) -> Outcome {
        switch (name, unit.isQuery) {
        case ("CLS", false):
            try unit.requireParameterCount(0...0)
            status.clearEvents()
            errorQueue.clear()
            return .handled
        case ("ESE", false):
            status.eventStatusEnable = try registerValue(unit)
            return .handled
        case ("ESE", true):
            try unit.requireParameterCount(0...0)
            return .reply(String(status.eventStatusEnable))
        case ("ESR", true):
            try unit.requireParameterCount(0...0)
            return .reply(String(status.readAndClearEventStatus()))
        case ("IDN", true):
            try unit.requireParameterCount(0...0)
            return .reply(identity.idnReply)
        case ("LANG", true) where commandLanguage != nil:
            try unit.requireParameterCount(0...0)
            return .reply(commandLanguage ?? "")
        case ("OPC", false):
            try unit.requireParameterCount(0...0)
            status.eventStatus |= SCPIStatusRegisters.Event.operationComplete
            return .handled
        case ("OPC", true):
            try unit.requireParameterCount(0...0)
            return .reply("1")
        case ("RST", false):
            try unit.requireParameterCount(0...0)
            return .reset
        case ("SRE", false):
            status.serviceRequestEnable = try registerValue(unit) & ~SCPIStatusRegisters.Status.requestService
            return .handled
        case ("SRE", true):
            try unit.requireParameterCount(0...0)
            return .reply(String(status.serviceRequestEnable))
        case ("STB", true):
            try unit.requireParameterCount(0...0)
            return .reply(String(statusByte()))
        case ("TST", true):
            try unit.requireParameterCount(0...0)
            return .reply(String(selfTestResult))
        case ("WAI", false):
            try unit.requireParameterCount(0...0)
            return .handled
        default:
            throw SCPICommandError(
                .undefinedHeader, detail: "\(unit.header) is not a supported common command", command: unit.text)
        }
    }

    private func registerValue(_ unit: SCPIProgramUnit) throws(SCPICommandError) -> UInt8 {
        try unit.requireParameterCount(1...1)
        let value = try unit.integer(at: 0)
        guard let byte = UInt8(exactly: value) else {
            throw SCPICommandError(.dataOutOfRange, detail: "\(value) is not within 0…255", command: unit.text)
        }
        return byte
    }
}
