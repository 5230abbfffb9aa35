import Synchronization
import Glibc

/// A ``ByteLink`` over an open, non-blocking file descriptor: the shared engine of ``SerialLink`` and
/// ``TCPLink``.
///
/// Every operation first tries the non-blocking system call and only waits when it would block (briefly on
/// the calling thread, then suspended on a dedicated poller thread; see ``DescriptorWait``). Operations on one
/// link run one at a time in arrival order; `close()` wakes a pending operation, which then throws `.closed`.
/// Timeouts are measured with `ContinuousClock` from the moment the operation gets the link. Bytes that
/// arrive past a terminator, or past the requested count, stay buffered for the next read. When a read fails
/// (timeout, hangup, cancellation, overflow), the bytes it had gathered are removed from the buffer and
/// carried in the error's `received`.
public final class DescriptorLink: ByteLink {
    /// What kind of descriptor a link wraps; decides how reads of zero bytes and writes are treated.
    public enum DescriptorKind: Sendable {
        /// A terminal (serial port or pseudo-terminal) in raw mode with `VMIN = 0`, `VTIME = 0`: a read of
        /// zero bytes means "nothing yet", and a hangup shows as `EIO` or `POLLHUP`.
        case terminal
        /// A stream socket: a read of zero bytes means the peer closed; writes use `MSG_NOSIGNAL`.
        case socket
    }

    private struct State {
        var buffer = ReadBuffer()
        var closeRequested = false
        var descriptorClosed = false
    }

    /// The address this link was opened on.
    public let resource: ResourceString
    /// The wrapped descriptor (owned by the link; closed by ``close()``).
    public let descriptor: Int32
    /// What kind of descriptor this is.
    public let kind: DescriptorKind
    private let resourceText: String
    private let state = Mutex(State())
    private let gate = OperationGate()

    /// Takes ownership of `descriptor`, which must be open and in non-blocking mode (it is switched to
    /// non-blocking mode if it is not). The link closes it.
    public init(adopting descriptor: Int32, kind: DescriptorKind, resource: ResourceString) {
        self.descriptor = descriptor
        self.kind = kind
        self.resource = resource
        self.resourceText = resource.description
        _ = SystemCalls.setNonBlocking(descriptor, true)
    }

    deinit {
        closeDescriptor()
    }

    // MARK: - ByteLink

    /// Writes all of `bytes`, continuing after partial writes, or throws ``LinkError``.
    nonisolated(nonsending) public func write(_ bytes: [UInt8], timeout: Duration) async throws {
        let operation = Operation.write(bytes.count)
        if !gate.tryAcquire() { try await waitForGate(operation) }
        defer { gate.release() }
        try checkOpen(operation)
        let deadline = ContinuousClock.now + timeout
        var offset = 0
        while offset < bytes.count {
            let (written, code) = bytes.withUnsafeBytes { raw -> (Int, Int32) in
                guard let base = raw.baseAddress else { return (0, 0) }
                let n = sendBytes(base + offset, raw.count - offset)
                return (n, n < 0 ? errno : 0)
            }
            if written > 0 {
                offset += written
                continue
            }
            if written < 0 && code == EINTR { continue }
            let progress = "\(offset) of \(bytes.count) byte(s) written"
            if written < 0 && code != EAGAIN && code != EWOULDBLOCK {
                let kind: LinkError.Kind = SystemCalls.isHangup(code) ? .hangup : .io(errno: code)
                throw error(kind, operation, detail: progress + "; " + ErrnoText.describe(code))
            }
            switch await waitFor(SystemCalls.writable, deadline: deadline) {
            case .ready: continue
            case .timedOut: throw error(.timeout, operation, detail: progress)
            case .cancelled: throw error(.cancelled, operation, detail: progress)
            case .closed: throw error(.closed, operation, detail: progress)
            }
        }
    }

    /// Reads until `terminator` and returns the bytes before it; at most `maxCount` bytes are consumed,
    /// terminator included, before `.overflow` is thrown.
    nonisolated(nonsending)
    public func read(until terminator: UInt8, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        let operation = Operation.readUntil(terminator)
        let limit = max(maxCount, 1)
        var searched = 0
        return try await readLoop(operation, timeout: timeout) { buffer in
            if let offset = buffer.firstOffset(of: terminator, from: searched, limit: limit) {
                let reply = buffer.take(offset)
                buffer.drop(1)
                return .done(reply)
            }
            if buffer.count >= limit { return .overflow(limit) }
            searched = buffer.count
            return .needMore
        }
    }

    /// Reads exactly `count` bytes; extra bytes stay buffered.
    nonisolated(nonsending) public func read(exactly count: Int, timeout: Duration) async throws -> [UInt8] {
        let wanted = max(count, 0)
        return try await readLoop(.readExactly(wanted), timeout: timeout) { buffer in
            buffer.count >= wanted ? .done(buffer.take(wanted)) : .needMore
        }
    }

    /// Waits up to `timeout` for a first byte (buffered bytes count), then collects bytes until none has
    /// arrived for `quietInterval` or `maxCount` bytes are buffered; returns at most `maxCount` bytes.
    nonisolated(nonsending)
    public func readFrame(quietInterval: Duration, maxCount: Int, timeout: Duration) async throws -> [UInt8] {
        let operation = Operation.readFrame
        if !gate.tryAcquire() { try await waitForGate(operation) }
        defer { gate.release() }
        try checkOpen(operation)
        let limit = max(maxCount, 1)
        // Bytes already buffered count as the frame's start: from then on only the quiet interval matters.
        var collecting = state.withLock { !$0.buffer.isEmpty }
        var deadline = ContinuousClock.now + (collecting ? quietInterval : timeout)
        var hangupHint = false
        while true {
            if state.withLock({ $0.buffer.count >= limit }) { break }
            switch fill() {
            case .data:
                hangupHint = false
                collecting = true
                deadline = ContinuousClock.now + quietInterval
                continue
            case .endOfStream:
                throw error(.hangup, operation, takingBuffered: true)
            case .failed(let code):
                throw error(.io(errno: code), operation, takingBuffered: true, detail: ErrnoText.describe(code))
            case .wouldBlock:
                if hangupHint { throw error(.hangup, operation, takingBuffered: true) }
            }
            switch await waitFor(SystemCalls.readable, deadline: deadline) {
            case .ready(let events):
                hangupHint = events & SystemCalls.hangupMask != 0
            case .timedOut:
                if collecting { return state.withLock { $0.buffer.take(limit) } }
                throw error(.timeout, operation, detail: "no byte arrived")
            case .cancelled:
                throw error(.cancelled, operation, takingBuffered: true)
            case .closed:
                throw error(.closed, operation, takingBuffered: true)
            }
        }
        return state.withLock { $0.buffer.take(limit) }
    }

    /// Drops buffered bytes and everything the operating system has already received.
    nonisolated(nonsending) public func discardInput() async throws {
        let operation = Operation.discardInput
        if !gate.tryAcquire() { try await waitForGate(operation) }
        defer { gate.release() }
        try checkOpen(operation)
        if kind == .terminal { _ = tcflush(descriptor, TCIFLUSH) }
        state.withLock { $0.buffer.removeAll() }
        for _ in 0..<1024 {
            switch fill() {
            case .data: state.withLock { $0.buffer.removeAll() }
            case .wouldBlock: return
            case .endOfStream: throw error(.hangup, operation)
            case .failed(let code): throw error(.io(errno: code), operation, detail: ErrnoText.describe(code))
            }
        }
    }

    /// Closes the link: a pending operation ends with `.closed`, and so does every later one.
    nonisolated(nonsending) public func close() async {
        state.withLock { $0.closeRequested = true }
        PollReactor.shared.cancelAll(fd: descriptor, outcome: .closed)
        await gate.acquireIgnoringCancellation()
        closeDescriptor()
        gate.release()
    }

    /// Closes the descriptor once; a terminal's exclusive mode is lifted first so the port can be reopened.
    private func closeDescriptor() {
        state.withLock { state in
            guard !state.descriptorClosed else { return }
            state.descriptorClosed = true
            if kind == .terminal { _ = ioctl(descriptor, UInt(TIOCNXCL)) }
            Glibc.close(descriptor)
        }
    }

    // MARK: - Engine

    /// What an operation was doing, rendered only when an error needs it.
    private enum Operation: CustomStringConvertible {
        case write(Int), readUntil(UInt8), readExactly(Int), readFrame, discardInput

        var description: String {
            switch self {
            case .write(let count): return "write \(count) byte(s)"
            case .readUntil(let terminator):
                let hex = String(terminator, radix: 16, uppercase: true)
                return "read until 0x" + (hex.count < 2 ? "0" + hex : hex)
            case .readExactly(let count): return "read \(count) byte(s)"
            case .readFrame: return "read frame"
            case .discardInput: return "discard input"
            }
        }
    }

    /// What a read's look at the buffer found.
    private enum Attempt {
        case done([UInt8])
        case needMore
        case overflow(Int)
    }

    private enum Fill {
        case data, wouldBlock, endOfStream
        case failed(Int32)
    }

    /// Waits for another operation to finish with the link.
    nonisolated(nonsending) private func waitForGate(_ operation: Operation) async throws {
        do {
            try await gate.acquire()
        } catch {
            throw LinkError(.cancelled, resource: resourceText, operation: operation.description)
        }
    }

    private func checkOpen(_ operation: Operation) throws {
        if state.withLock({ $0.closeRequested }) {
            throw LinkError(.closed, resource: resourceText, operation: operation.description)
        }
    }

    /// Reads until `attempt` finds what it needs in the buffer, or fails.
    nonisolated(nonsending) private func readLoop(
        _ operation: Operation, timeout: Duration, attempt: (inout ReadBuffer) -> Attempt
    ) async throws -> [UInt8] {
        if !gate.tryAcquire() { try await waitForGate(operation) }
        defer { gate.release() }
        try checkOpen(operation)
        let deadline = ContinuousClock.now + timeout
        var hangupHint = false
        while true {
            switch state.withLock({ attempt(&$0.buffer) }) {
            case .done(let bytes):
                return bytes
            case .overflow(let limit):
                let received = state.withLock { $0.buffer.take(limit) }
                throw LinkError(.overflow, resource: resourceText, operation: operation.description,
                                received: received, detail: "no terminator within \(limit) byte(s)")
            case .needMore:
                break
            }
            switch fill() {
            case .data:
                hangupHint = false
                continue
            case .endOfStream:
                throw error(.hangup, operation, takingBuffered: true)
            case .failed(let code):
                throw error(.io(errno: code), operation, takingBuffered: true, detail: ErrnoText.describe(code))
            case .wouldBlock:
                if hangupHint { throw error(.hangup, operation, takingBuffered: true) }
            }
            switch await waitFor(SystemCalls.readable, deadline: deadline) {
            case .ready(let events): hangupHint = events & SystemCalls.hangupMask != 0
            case .timedOut: throw error(.timeout, operation, takingBuffered: true)
            case .cancelled: throw error(.cancelled, operation, takingBuffered: true)
            case .closed: throw error(.closed, operation, takingBuffered: true)
            }
        }
    }

    /// One non-blocking read into the buffer.
    private func fill() -> Fill {
        state.withLock { state in
            while true {
                let (count, code) = state.buffer.append(readingFrom: descriptor)
                if count > 0 { return .data }
                if count == 0 { return kind == .socket ? .endOfStream : .wouldBlock }
                switch code {
                case EINTR: continue
                case EAGAIN, EWOULDBLOCK: return .wouldBlock
                case _ where SystemCalls.isHangup(code): return .endOfStream
                default: return .failed(code)
                }
            }
        }
    }

    private func sendBytes(_ pointer: UnsafeRawPointer, _ count: Int) -> Int {
        switch kind {
        case .socket: return send(descriptor, pointer, count, Int32(MSG_NOSIGNAL))
        case .terminal: return Glibc.write(descriptor, pointer, count)
        }
    }

    nonisolated(nonsending)
    private func waitFor(_ events: Int16, deadline: ContinuousClock.Instant) async -> WaitOutcome {
        await DescriptorWait.wait(fd: descriptor, events: events, deadline: deadline) { [self] in
            self.state.withLock { $0.closeRequested } ? .closed : nil
        }
    }

    private func error(
        _ kind: LinkError.Kind, _ operation: Operation, takingBuffered: Bool = false, detail: String = ""
    ) -> LinkError {
        let received = takingBuffered ? state.withLock { $0.buffer.takeAll() } : []
        return LinkError(kind, resource: resourceText, operation: operation.description, received: received,
                         detail: detail)
    }
}
