import Glibc
import Synchronization

/// A pseudo-terminal pair: the controller side, which a simulator serves an instrument on, and the device
/// side (`/dev/pts/N`), which a ``SerialLink`` opens as if it were a serial port.
///
/// Linux behaviour a simulator must tolerate:
/// - Until something opens the device side for the first time, the controller sees no input (reads wait);
///   what the controller writes meanwhile is queued, and a ``SerialLink`` flushes it when it opens.
/// - While no one has the device side open after it had been opened (the client closed or has not yet
///   reopened), `poll` reports `POLLHUP` on the controller and `read` fails with `EIO`. This is not an end:
///   when a client opens the device again, the controller works again. ``read(max:timeoutMilliseconds:)``
///   hides this and simply reports "nothing yet"; code using ``controllerDescriptor`` with ``DescriptorIO``
///   sees `.hangup` and should pause briefly and keep serving.
/// - When the controller side is closed, the client's reads see a hangup (`POLLHUP`, reads of 0 bytes or
///   `EIO`), which ``SerialLink`` reports as ``LinkError`` kind `.hangup`.
public final class PseudoTerminal: Sendable {
    /// The controller (master) side's descriptor. It is in blocking mode, close-on-exec, and the terminal is
    /// in raw mode (no echo, no line editing, no CR/LF translation). Owned by this object.
    public let controllerDescriptor: Int32
    /// The device side's path, e.g. `/dev/pts/3`, which a ``SerialLink`` opens.
    public let devicePath: String

    private struct State {
        var closeRequested = false
        var descriptorClosed = false
        var users = 0
    }

    private let state = Mutex(State())
    /// How long ``read(max:timeoutMilliseconds:)`` pauses while no client has the device open.
    private static let idlePauseMilliseconds: Int32 = 5
    /// The longest single wait inside ``read(max:timeoutMilliseconds:)``.
    private static let sliceMilliseconds: Int32 = 50

    /// The device side's resource string, `ASRL/dev/pts/N::INSTR`.
    public var resource: ResourceString { .serial(device: devicePath) }

    private init(controllerDescriptor: Int32, devicePath: String) {
        self.controllerDescriptor = controllerDescriptor
        self.devicePath = devicePath
    }

    deinit {
        state.withLock { state in
            if !state.descriptorClosed {
                state.descriptorClosed = true
                Glibc.close(controllerDescriptor)
            }
        }
    }

    /// Opens a new pair with `posix_openpt`, `grantpt`, `unlockpt` and `ptsname_r`, and puts the terminal in
    /// raw mode.
    ///
    /// - Throws: ``LinkError`` of kind `.cannotOpen` naming the step that failed.
    public static func open() throws -> PseudoTerminal {
        typealias DescriptorFunction = @convention(c) (Int32) -> Int32
        typealias NameFunction = @convention(c) (Int32, UnsafeMutablePointer<CChar>?, Int) -> Int32
        func failure(_ step: String, _ code: Int32) -> LinkError {
            LinkError(.cannotOpen(errno: code), resource: "pseudo-terminal", operation: step,
                      detail: "cannot create a pseudo-terminal pair")
        }
        guard let openController = SystemCalls.libcFunction("posix_openpt", as: DescriptorFunction.self),
              let grant = SystemCalls.libcFunction("grantpt", as: DescriptorFunction.self),
              let unlock = SystemCalls.libcFunction("unlockpt", as: DescriptorFunction.self),
              let name = SystemCalls.libcFunction("ptsname_r", as: NameFunction.self) else {
            throw failure("look up posix_openpt/grantpt/unlockpt/ptsname_r in the C library", ENOSYS)
        }
        let fd = openController(O_RDWR | O_NOCTTY | O_CLOEXEC)
        guard fd >= 0 else { throw failure("posix_openpt", errno) }
        func fail(_ step: String, _ code: Int32) -> LinkError {
            Glibc.close(fd)
            return failure(step, code)
        }
        // O_CLOEXEC is honoured by posix_openpt on glibc; make sure on older ones.
        if let code = SystemCalls.setCloseOnExec(fd) { throw fail("fcntl(FD_CLOEXEC)", code) }
        guard grant(fd) == 0 else { throw fail("grantpt", errno) }
        guard unlock(fd) == 0 else { throw fail("unlockpt", errno) }
        var path = [CChar](repeating: 0, count: 128)
        let nameResult = name(fd, &path, path.count)
        guard nameResult == 0 else { throw fail("ptsname_r", nameResult) }
        var attributes = termios()
        guard tcgetattr(fd, &attributes) == 0 else { throw fail("tcgetattr", errno) }
        cfmakeraw(&attributes)
        guard tcsetattr(fd, TCSANOW, &attributes) == 0 else { throw fail("tcsetattr", errno) }
        let devicePath = path.withUnsafeBufferPointer { buffer in
            String(decoding: buffer.prefix(while: { $0 != 0 }).map { UInt8(bitPattern: $0) }, as: UTF8.self)
        }
        return PseudoTerminal(controllerDescriptor: fd, devicePath: devicePath)
    }

    /// Reads what a client wrote: waits up to `timeoutMilliseconds` (-1: forever) and returns at most `max`
    /// bytes, or an empty array if nothing arrived. While no client has the device side open, it waits (in
    /// short pauses) instead of failing, so a simulator keeps serving across client reconnects.
    ///
    /// - Throws: ``LinkError`` of kind `.closed` after ``close()``, `.io` for unexpected failures.
    public func read(max: Int = 4096, timeoutMilliseconds: Int32) throws -> [UInt8] {
        try use("read") {
            let start = ContinuousClock.now
            while true {
                let elapsed = (ContinuousClock.now - start).wholeMillisecondsRoundedUp
                let remaining = timeoutMilliseconds < 0
                    ? Int32.max : Int32(clamping: Swift.max(0, Int64(timeoutMilliseconds) - elapsed))
                // Short slices, so that close() from another thread takes effect promptly.
                let slice = Swift.min(remaining, Self.sliceMilliseconds)
                do {
                    let bytes = try DescriptorIO.readSome(controllerDescriptor, max: max, timeoutMilliseconds: slice)
                    if !bytes.isEmpty || remaining == 0 { return bytes }
                } catch let error as LinkError where error.kind == .hangup {
                    // No client has the device side open right now: pause and look again.
                    if remaining == 0 { return [] }
                    usleep(UInt32(Swift.min(slice, Self.idlePauseMilliseconds)) * 1000)
                }
                if state.withLock({ $0.closeRequested }) { throw closedError("read") }
            }
        }
    }

    /// Writes all of `bytes` to the client. Bytes written while no client has the device open are queued by
    /// the kernel (and flushed by the next ``SerialLink`` that opens the device).
    ///
    /// - Throws: ``LinkError`` of kind `.closed` after ``close()``, `.timeout` or `.io`.
    public func write(_ bytes: [UInt8], timeoutMilliseconds: Int32 = 10_000) throws {
        try use("write") {
            try DescriptorIO.writeAll(controllerDescriptor, bytes, timeoutMilliseconds: timeoutMilliseconds)
        }
    }

    /// Closes the controller side; a client sees a hangup. A thread inside ``read(max:timeoutMilliseconds:)``
    /// returns within about 50 ms with `.closed`, and the descriptor is closed when it leaves. Do not close
    /// while other code uses ``controllerDescriptor`` directly.
    public func close() {
        let closeNow: Bool = state.withLock { state in
            state.closeRequested = true
            guard !state.descriptorClosed, state.users == 0 else { return false }
            state.descriptorClosed = true
            return true
        }
        if closeNow { Glibc.close(controllerDescriptor) }
    }

    private func use<T>(_ operation: String, _ body: () throws -> T) throws -> T {
        let admitted = state.withLock { state in
            guard !state.closeRequested else { return false }
            state.users += 1
            return true
        }
        guard admitted else { throw closedError(operation) }
        defer {
            let closeNow: Bool = state.withLock { state in
                state.users -= 1
                guard state.closeRequested, state.users == 0, !state.descriptorClosed else { return false }
                state.descriptorClosed = true
                return true
            }
            if closeNow { Glibc.close(controllerDescriptor) }
        }
        return try body()
    }

    private func closedError(_ operation: String) -> LinkError {
        LinkError(.closed, resource: "pseudo-terminal \(devicePath)", operation: operation)
    }
}
