import Synchronization

/// A flag one thread raises and another polls between libusb time slices (task cancellation, link closing).
final class CancelFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    /// Raises the flag.
    func raise() {
        raised.store(true, ordering: .releasing)
    }

    /// Whether the flag has been raised.
    var isRaised: Bool {
        raised.load(ordering: .acquiring)
    }
}

/// The time left for one link operation, cut into short libusb timeouts so that cancellation and closing are
/// noticed while a transfer waits.
struct TransferBudget: Sendable {
    /// The longest single libusb call, in milliseconds.
    static let sliceMilliseconds: UInt32 = 100

    /// When the operation's timeout passes.
    let deadline: ContinuousClock.Instant
    /// The operation's timeout, for messages.
    let timeout: Duration
    /// Raised when the calling task is cancelled.
    let cancellation: CancelFlag
    /// Raised when the link is being closed.
    let closing: CancelFlag

    /// A budget of `timeout` from now.
    init(timeout: Duration, cancellation: CancelFlag = CancelFlag(), closing: CancelFlag = CancelFlag()) {
        self.timeout = timeout
        self.deadline = ContinuousClock.now.advanced(by: max(timeout, .zero))
        self.cancellation = cancellation
        self.closing = closing
    }

    /// Whether the deadline has passed.
    var isExpired: Bool {
        ContinuousClock.now >= deadline
    }

    /// Throws when the task was cancelled or the link is closing; `step` says what was going on.
    func checkInterrupted(_ step: @autoclosure () -> String) throws(USBTransferFailure) {
        if closing.isRaised { throw USBTransferFailure(reason: .closing, step: step()) }
        if cancellation.isRaised { throw USBTransferFailure(reason: .cancelled, step: step()) }
    }

    /// The timeout for the next libusb call: what is left, at most one slice, at least 1 ms (0 would mean forever).
    var nextSliceMilliseconds: UInt32 {
        let left = deadline - ContinuousClock.now
        let milliseconds = Self.milliseconds(left)
        return min(max(milliseconds, 1), Self.sliceMilliseconds)
    }

    /// A duration in whole milliseconds, rounded up, clamped to 0…UInt32.max.
    static func milliseconds(_ duration: Duration) -> UInt32 {
        guard duration > .zero else { return 0 }
        let (seconds, attoseconds) = duration.components
        let total = Double(seconds) * 1000 + (Double(attoseconds) / 1e15).rounded(.up)
        return total >= Double(UInt32.max) ? UInt32.max : UInt32(total)
    }
}
