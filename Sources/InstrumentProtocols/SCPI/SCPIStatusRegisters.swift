/// The IEEE 488.2 status registers of a simulated instrument, with SCPI's QUEStionable and OPERation
/// summaries.
///
/// Bit assignments (scpi-parser `ieee488.h`):
/// - Status byte: 0x04 error queue not empty, 0x08 QUES summary, 0x10 MAV (message available),
///   0x20 ESB (an enabled standard event), 0x40 RQS/MSS, 0x80 OPER summary.
/// - Standard event status register: 0x01 OPC, 0x04 QYE, 0x08 DDE, 0x10 EXE, 0x20 CME, 0x80 PON.
/// - Error class → event: -1xx CME, -2xx EXE, -3xx and positive DDE, -4xx QYE.
public struct SCPIStatusRegisters: Sendable, Hashable {
    /// Standard event status register bits.
    public enum Event {
        /// 0x01 operation complete.
        public static let operationComplete: UInt8 = 0x01
        /// 0x02 request control.
        public static let requestControl: UInt8 = 0x02
        /// 0x04 query error.
        public static let queryError: UInt8 = 0x04
        /// 0x08 device-dependent error.
        public static let deviceDependentError: UInt8 = 0x08
        /// 0x10 execution error.
        public static let executionError: UInt8 = 0x10
        /// 0x20 command error.
        public static let commandError: UInt8 = 0x20
        /// 0x40 user request.
        public static let userRequest: UInt8 = 0x40
        /// 0x80 power on.
        public static let powerOn: UInt8 = 0x80
    }

    /// Status byte bits.
    public enum Status {
        /// 0x04 the error queue is not empty.
        public static let errorQueue: UInt8 = 0x04
        /// 0x08 questionable status summary.
        public static let questionable: UInt8 = 0x08
        /// 0x10 message available.
        public static let messageAvailable: UInt8 = 0x10
        /// 0x20 event status summary.
        public static let eventSummary: UInt8 = 0x20
        /// 0x40 request service / master summary.
        public static let requestService: UInt8 = 0x40
        /// 0x80 operation status summary.
        public static let operation: UInt8 = 0x80
    }

    /// Standard event status register (ESR), cleared by reading (`*ESR?`) and by `*CLS`.
    public var eventStatus: UInt8
    /// Standard event status enable (ESE), set by `*ESE`.
    public var eventStatusEnable: UInt8 = 0
    /// Service request enable (SRE), set by `*SRE`; bit 6 is ignored.
    public var serviceRequestEnable: UInt8 = 0
    /// QUEStionable event register, cleared by `*CLS`.
    public var questionableEvent: UInt16 = 0
    /// QUEStionable enable register.
    public var questionableEnable: UInt16 = 0
    /// OPERation event register, cleared by `*CLS`.
    public var operationEvent: UInt16 = 0
    /// OPERation enable register.
    public var operationEnable: UInt16 = 0

    /// Creates the registers; `poweredOn` sets PON in the ESR, as after switching on.
    public init(poweredOn: Bool = true) {
        eventStatus = poweredOn ? Event.powerOn : 0
    }

    /// The ESR bit an error number sets: -1xx CME, -2xx EXE, -3xx and positive DDE, -4xx QYE, -5xx PON,
    /// -6xx URQ, -7xx RQC, -8xx OPC; none for 0 or other numbers.
    public static func eventBit(forErrorCode code: Int) -> UInt8 {
        switch code {
        case 1...: Event.deviceDependentError
        case -199 ... -100: Event.commandError
        case -299 ... -200: Event.executionError
        case -399 ... -300: Event.deviceDependentError
        case -499 ... -400: Event.queryError
        case -599 ... -500: Event.powerOn
        case -699 ... -600: Event.userRequest
        case -799 ... -700: Event.requestControl
        case -899 ... -800: Event.operationComplete
        default: 0
        }
    }

    /// Sets the ESR bit for an error that is being queued.
    public mutating func recordError(code: Int) {
        eventStatus |= Self.eventBit(forErrorCode: code)
    }

    /// Returns the ESR and clears it (`*ESR?`).
    public mutating func readAndClearEventStatus() -> UInt8 {
        defer { eventStatus = 0 }
        return eventStatus
    }

    /// Clears the event registers (`*CLS`); enables are kept. The caller also empties the error queue.
    public mutating func clearEvents() {
        eventStatus = 0
        questionableEvent = 0
        operationEvent = 0
    }

    /// The status byte (`*STB?`, serial poll).
    /// - Parameters:
    ///   - errorQueueNotEmpty: sets bit 2.
    ///   - messageAvailable: sets bit 4 (MAV), for a reply waiting in the output queue.
    public func statusByte(errorQueueNotEmpty: Bool, messageAvailable: Bool = false) -> UInt8 {
        var byte: UInt8 = 0
        if errorQueueNotEmpty { byte |= Status.errorQueue }
        if questionableEvent & questionableEnable != 0 { byte |= Status.questionable }
        if messageAvailable { byte |= Status.messageAvailable }
        if eventStatus & eventStatusEnable != 0 { byte |= Status.eventSummary }
        if operationEvent & operationEnable != 0 { byte |= Status.operation }
        if byte & serviceRequestEnable & ~Status.requestService != 0 { byte |= Status.requestService }
        return byte
    }
}

/// The name used in the station's design notes for `SCPIStatusRegisters`.
public typealias StatusRegisters = SCPIStatusRegisters
