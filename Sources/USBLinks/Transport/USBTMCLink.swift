import CLibUSB
import Dispatch
import StationLinks
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A ``StationLinks/ByteLink`` to a USBTMC instrument through libusb.
///
/// Writes are `DEV_DEP_MSG_OUT` messages (split at ``Options/maxTransferSize`` with EOM on the last transfer);
/// reads send `REQUEST_DEV_DEP_MSG_IN` and collect `DEV_DEP_MSG_IN` replies, buffering so that bytes past a
/// terminator stay for the next read. A transfer that times out or is cancelled is aborted with its bTag
/// (`INITIATE_ABORT_BULK_OUT`/`_IN`, `CHECK_ABORT_…_STATUS`) before the error surfaces, so the next exchange starts
/// clean. Blocking libusb calls run on a dispatch queue owned by the link, never on the Swift cooperative pool.
public final class USBTMCLink: ByteLink {
    /// The address this link was opened on.
    public let resource: ResourceString
    /// The claimed USBTMC interface and its endpoints.
    public let interface: USBTMCInterfaceInfo
    /// The serial number the device reported (empty when it has none).
    public let serialNumber: String

    private let resourceText: String
    private let queue: DispatchQueue
    private let closing = CancelFlag()
    private let session: Mutex<USBTMCSession?>

    /// Wraps an open session; the link gets its own dispatch queue for blocking calls.
    init(resource: ResourceString, session: sending USBTMCSession) {
        let text: String
        if case .usb(let board, let vendorID, let productID, let serialNumber, let interface) = resource {
            text = USBIDText.visa(board: board, vendorID: vendorID, productID: productID, serialNumber: serialNumber,
                                  interface: interface)
        } else {
            text = "\(resource)"
        }
        self.resource = resource
        self.resourceText = text
        self.queue = DispatchQueue(label: "qualstation.usbtmc.\(text)")
        self.interface = session.interface
        self.serialNumber = session.serialNumber
        self.session = Mutex(session)
    }

    /// Opens the USBTMC device named by a `.usb` resource string (`USB0::0x1313::0x8078::P0001234::INSTR`): finds
    /// it by vendor and product ID, serial number (any when empty) and interface number (the first USBTMC
    /// interface when absent), detaches the kernel driver automatically and claims the interface.
    ///
    /// - Parameter context: the libusb context to use; a new one when `nil`.
    /// - Throws: ``StationLinks/LinkError`` of kind `.cannotOpen`: absent device (naming VID, PID, serial and what
    ///   is connected instead), no permission (pointing at the udev rules), interface busy (kernel driver or
    ///   another program).
    public static func open(_ resource: ResourceString, context: USBContext? = nil, options: Options = Options())
        async throws(LinkError) -> USBTMCLink {
        guard case .usb(let board, let vendorID, let productID, let serialNumber, let interface) = resource else {
            throw LinkError(.cannotOpen(errno: EINVAL), resource: "\(resource)", operation: "open",
                            detail: "a USBTMC link needs a USB resource such as USB0::0x1313::0x8078::P0001234::INSTR")
        }
        let target = USBTMCTarget(board: board, vendorID: vendorID, productID: productID,
                                  serialNumber: serialNumber, interface: interface)
        let queue = DispatchQueue(label: "qualstation.usbtmc.open")
        let result: Result<USBTMCLink, LinkError> = await withCheckedContinuation { continuation in
            queue.async {
                continuation.resume(returning: Result { () throws(LinkError) -> USBTMCLink in
                    let usb: USBContext
                    if let context {
                        usb = context
                    } else {
                        do throws(USBError) {
                            usb = try USBContext(logLevel: options.logLevel)
                        } catch {
                            throw LinkError(.cannotOpen(errno: LibUSBErrorText.errno(error.code)),
                                            resource: target.resourceText, operation: "open", detail: error.description)
                        }
                    }
                    let session = try USBTMCOpener.open(target, context: usb, options: options)
                    return USBTMCLink(resource: resource, session: session)
                })
            }
        }
        return try result.get()
    }

    /// Opens the USBTMC device `vendorID:productID` with `serialNumber` (any when empty) on `interface` (the first
    /// USBTMC interface when `nil`). See ``open(_:context:options:)``.
    public static func open(vendorID: UInt16, productID: UInt16, serialNumber: String, interface: Int? = nil,
                            context: USBContext? = nil, options: Options = Options()) async throws(LinkError)
        -> USBTMCLink {
        try await open(.usb(board: 0, vendorID: vendorID, productID: productID, serialNumber: serialNumber,
                            interface: interface),
                       context: context, options: options)
    }

    // MARK: - ByteLink

    /// Sends `bytes` as one USBTMC message (EOM on its last transfer). An empty write sends nothing.
    public func write(_ bytes: [UInt8], timeout: Duration) async throws(LinkError) {
        try await perform("write \(bytes.count) byte(s)", timeout: timeout) {
            session, budget throws(USBTransferFailure) in
            try session.send(bytes, budget: budget)
        }
    }

    /// Reads until `terminator`; replies are requested with TermChar when the instrument supports it.
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws(LinkError) -> [UInt8] {
        try await perform("read until \(USBTMCFramingError.hex(terminator))", timeout: timeout) {
            session, budget throws(USBTransferFailure) in
            try session.read(until: terminator, maxCount: maxCount, budget: budget)
        }
    }

    /// Reads exactly `count` bytes, requesting no more than are missing.
    public func read(exactly count: Int, timeout: Duration) async throws(LinkError) -> [UInt8] {
        try await perform("read \(count) byte(s)", timeout: timeout) { session, budget throws(USBTransferFailure) in
            try session.read(exactly: count, budget: budget)
        }
    }

    /// USBTMC delimits frames itself: returns buffered bytes if any, else one instrument message (replies until
    /// EOM), at most `maxCount` bytes. `quietInterval` does not apply to USB and is ignored.
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws(LinkError)
        -> [UInt8] {
        try await perform("read a message", timeout: timeout) { session, budget throws(USBTransferFailure) in
            try session.readMessage(maxCount: maxCount, budget: budget)
        }
    }

    /// Drops buffered reply bytes. Nothing waits in the operating system: USBTMC instruments send only when asked.
    public func discardInput() async throws(LinkError) {
        try await perform("discard input", timeout: .seconds(1)) { session, _ throws(USBTransferFailure) in
            session.input.removeAll()
        }
    }

    /// Releases the interface (the kernel driver is re-attached) and closes the device. An operation in progress
    /// stops within about 100 ms with kind `.closed`.
    public func close() async {
        closing.raise()
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            queue.async {
                self.session.withLock { session in
                    session?.close()
                    session = nil
                }
                continuation.resume()
            }
        }
    }

    // MARK: - USBTMC operations

    /// Device clear: `INITIATE_CLEAR`, `CHECK_CLEAR_STATUS` until done, then a halt clear on Bulk-OUT. Drops
    /// buffered input. Use it to resynchronise after a protocol error or an interrupted exchange.
    public func clear(timeout: Duration = .seconds(5)) async throws(LinkError) {
        try await perform("clear", timeout: timeout) { session, budget throws(USBTransferFailure) in
            try session.clear(budget: budget)
        }
    }

    /// The instrument's `GET_CAPABILITIES` reply (asked again when `refresh` or when opening could not read it).
    public func capabilities(refresh: Bool = false, timeout: Duration = .seconds(2)) async throws(LinkError)
        -> USBTMCCapabilities {
        try await perform("get capabilities", timeout: timeout) { session, _ throws(USBTransferFailure) in
            if !refresh, let known = session.capabilities { return known }
            return try session.queryCapabilities()
        }
    }

    /// The IEEE 488.2 status byte through USB488 `READ_STATUS_BYTE` (throws on a plain USBTMC interface).
    public func readStatusByte(timeout: Duration = .seconds(2)) async throws(LinkError) -> UInt8 {
        try await perform("read status byte", timeout: timeout) { session, budget throws(USBTransferFailure) in
            try session.readStatusByte(budget: budget)
        }
    }

    /// Sends the USB488 `TRIGGER` message (the equivalent of a GPIB group execute trigger).
    public func trigger(timeout: Duration = .seconds(2)) async throws(LinkError) {
        try await perform("trigger", timeout: timeout) { session, budget throws(USBTransferFailure) in
            try session.sendTrigger(budget: budget)
        }
    }

    // MARK: - Running on the device queue

    /// Runs `body` on the link's queue with the session locked, bounded by `timeout`; task cancellation and
    /// closing interrupt it between 100 ms libusb slices.
    private func perform<Value: Sendable>(
        _ operation: String, timeout: Duration,
        _ body: @escaping @Sendable (USBTMCSession, TransferBudget) throws(USBTransferFailure) -> Value
    ) async throws(LinkError) -> Value {
        if Task.isCancelled { throw LinkError(.cancelled, resource: resourceText, operation: operation) }
        let cancellation = CancelFlag()
        let budget = TransferBudget(timeout: timeout, cancellation: cancellation, closing: closing)
        let resourceText = resourceText
        let result: Result<Value, LinkError> = await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                queue.async {
                    let outcome = self.session.withLock { slot -> Result<Value, LinkError> in
                        guard let session = slot else {
                            return .failure(LinkError(.closed, resource: resourceText, operation: operation))
                        }
                        do throws(USBTransferFailure) {
                            return .success(try body(session, budget))
                        } catch {
                            return .failure(Self.linkError(error, resource: resourceText, operation: operation))
                        }
                    }
                    continuation.resume(returning: outcome)
                }
            }
        } onCancel: {
            cancellation.raise()
        }
        return try result.get()
    }

    /// The ``StationLinks/LinkError`` for a session failure.
    static func linkError(_ failure: USBTransferFailure, resource: String, operation: String) -> LinkError {
        let kind: LinkError.Kind
        switch failure.reason {
        case .timedOut: kind = .timeout
        case .cancelled: kind = .cancelled
        case .closing: kind = .closed
        case .libusb(let code) where code == LIBUSB_ERROR_NO_DEVICE.rawValue: kind = .hangup
        case .libusb(let code): kind = .io(errno: LibUSBErrorText.errno(code))
        case .framing: kind = .protocolViolation
        case .status: kind = .io(errno: EIO)
        case .overflow: kind = .overflow
        case .unsupported: kind = .io(errno: ENOTSUP)
        }
        return LinkError(kind, resource: resource, operation: operation, received: failure.received,
                         detail: failure.detail)
    }
}
