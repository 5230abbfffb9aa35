import CLibUSB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A claimed USBTMC interface: the blocking transfer primitives, cut into short time slices.
///
/// A session lives inside a ``USBTMCLink``'s mutex and runs on the link's own dispatch queue, never on the Swift
/// cooperative pool.
final class USBTMCSession {
    /// How long abort and clear polls wait before asking a PENDING instrument again.
    static let pollPauseMicroseconds: useconds_t = 5_000
    /// The most polls and drain reads one abort or clear makes (the Linux driver's limit).
    static let maxPolls = 100

    let io: any USBDeviceIO
    let interface: USBTMCInterfaceInfo
    let bulkIn: UInt8
    let bulkOut: UInt8
    let serialNumber: String
    let options: USBTMCLink.Options
    /// The Bulk-IN wMaxPacketSize (64 when the descriptor says 0).
    let maxPacketSize: Int
    var tags = USBTMCTagSequence()
    var statusTags = USBTMCStatusTagSequence()
    /// Message bytes received but not yet returned by a read.
    var input: [UInt8] = []
    var capabilities: USBTMCCapabilities?

    init(io: any USBDeviceIO, interface: USBTMCInterfaceInfo, bulkIn: UInt8, bulkOut: UInt8, serialNumber: String,
         options: USBTMCLink.Options) {
        self.io = io
        self.interface = interface
        self.bulkIn = bulkIn
        self.bulkOut = bulkOut
        self.serialNumber = serialNumber
        self.options = options
        self.maxPacketSize = interface.bulkInMaxPacketSize > 0 ? interface.bulkInMaxPacketSize : 64
    }

    deinit {
        io.close()
    }

    /// Releases the interface and closes the device.
    func close() {
        io.close()
    }

    var controlTimeoutMilliseconds: UInt32 {
        max(1, TransferBudget.milliseconds(options.controlTimeout))
    }

    // MARK: - Bulk transfers

    /// Writes all of `bytes` to Bulk-OUT within `budget`, in time slices.
    func bulkWrite(_ bytes: [UInt8], budget: TransferBudget, step: @autoclosure () -> String)
        throws(USBTransferFailure) {
        var offset = 0
        while offset < bytes.count {
            try budget.checkInterrupted(step())
            let (status, sent) = io.bulkWrite(endpoint: bulkOut, bytes: bytes[offset...],
                                              timeoutMilliseconds: budget.nextSliceMilliseconds)
            offset += sent
            if status == 0 { continue }
            if status == LIBUSB_ERROR_TIMEOUT.rawValue {
                if budget.isExpired && offset < bytes.count { throw .timedOut(step()) }
                continue
            }
            throw USBTransferFailure(reason: .libusb(code: status), step: step())
        }
    }

    /// Reads one Bulk-IN transfer of at most `capacity` bytes (rounded up to whole packets). Returns when the
    /// instrument ends the transfer with a short packet or fills the buffer, or when a time slice ran out and
    /// `isComplete` accepts the bytes so far (an instrument that omits the zero-length packet).
    func bulkRead(capacity: Int, budget: TransferBudget, step: @autoclosure () -> String,
                  isComplete: ([UInt8]) -> Bool) throws(USBTransferFailure) -> [UInt8] {
        let size = (max(1, capacity) + maxPacketSize - 1) / maxPacketSize * maxPacketSize
        var received: [UInt8] = []
        while true {
            try budget.checkInterrupted(step())
            let (status, bytes) = io.bulkRead(endpoint: bulkIn, capacity: size - received.count,
                                              timeoutMilliseconds: budget.nextSliceMilliseconds)
            received.append(contentsOf: bytes)
            if status == 0 || received.count >= size { return received }
            guard status == LIBUSB_ERROR_TIMEOUT.rawValue else {
                throw USBTransferFailure(reason: .libusb(code: status), step: step())
            }
            if !received.isEmpty && isComplete(received) { return received }
            if budget.isExpired { throw .timedOut(step()) }
        }
    }

    /// Reads and drops Bulk-IN packets until a short packet, a quiet endpoint or ``maxPolls`` reads, as abort and
    /// clear require. Returns the number of bytes dropped.
    @discardableResult
    func drainBulkIn() -> Int {
        let size = maxPacketSize * 8
        var dropped = 0
        for _ in 0..<Self.maxPolls {
            let (status, bytes) = io.bulkRead(endpoint: bulkIn, capacity: size,
                                              timeoutMilliseconds: controlTimeoutMilliseconds)
            dropped += bytes.count
            if status != 0 || bytes.count < size { break }
        }
        return dropped
    }

    // MARK: - Control transfers

    /// Sends a class control request and returns the reply bytes.
    func control(_ request: USBTMCControlRequest) throws(USBTransferFailure) -> [UInt8] {
        let (status, bytes) = io.control(request, timeoutMilliseconds: controlTimeoutMilliseconds)
        guard status == 0 else {
            throw USBTransferFailure(reason: .libusb(code: status), step: "control request \(request.request)")
        }
        return bytes
    }

    /// Sends a class control request and decodes its reply.
    func controlReply(_ request: USBTMCControlRequest) throws(USBTransferFailure) -> USBTMCControlReply {
        let bytes = try control(request)
        do throws(USBTMCFramingError) {
            return try USBTMCControlReply.decode(bytes, for: request.request)
        } catch {
            throw USBTransferFailure(reason: .framing(error), step: "control request \(request.request)")
        }
    }

    /// Waits between polls of a PENDING instrument.
    func pause() {
        usleep(Self.pollPauseMicroseconds)
    }

    /// Clears a halted (stalled) endpoint; returns a note for error messages.
    func clearHalt(_ endpoint: UInt8) -> String {
        let status = io.clearHalt(endpoint: endpoint)
        let name = "endpoint \(USBTMCFramingError.hex(endpoint))"
        return status == 0 ? "cleared the halt on \(name)"
            : "clearing the halt on \(name) failed: \(LibUSBErrorText.describe(status))"
    }
}
