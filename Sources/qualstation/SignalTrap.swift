import Foundation
import Synchronization

/// The write end of the self-pipe the signal handler reports to (−1 when no trap is installed). A global atomic,
/// because a signal handler can capture nothing and may only make async-signal-safe calls.
private let signalPipeWriteEnd = Atomic<Int32>(-1)

/// Runs inside the signal handler: writes the signal number into the self-pipe (write(2) is async-signal-safe).
private func forwardSignal(_ number: Int32) {
    var byte = UInt8(truncatingIfNeeded: number)
    let descriptor = signalPipeWriteEnd.load(ordering: .acquiring)
    if descriptor >= 0 { _ = write(descriptor, &byte, 1) }
}

/// Catches SIGINT and SIGTERM while a run is in progress: the first asks the run to stop (the sequencer then
/// brings the station to its safe state); later ones explain that clean-up is under way instead of cutting it short.
///
/// A real `sigaction` handler feeds a self-pipe that a dedicated thread reads, so a signal is never lost to a
/// thread that happens to ignore it, whatever the signal mask the process was started with.
final class SignalTrap {
    private let readEnd: Int32
    private let writeEnd: Int32

    /// Installs the handlers. `first` runs on the first signal, `again` on every later one.
    init(first: @escaping @Sendable (Int32) -> Void, again: @escaping @Sendable (Int32) -> Void) {
        var descriptors: [Int32] = [-1, -1]
        if pipe(&descriptors) != 0 { descriptors = [-1, -1] }
        readEnd = descriptors[0]
        writeEnd = descriptors[1]
        guard readEnd >= 0 else { return }
        signalPipeWriteEnd.store(writeEnd, ordering: .releasing)
        let readEnd = self.readEnd
        let thread = Thread {
            var seen = 0
            var byte: UInt8 = 0
            while read(readEnd, &byte, 1) == 1 {
                seen += 1
                if seen == 1 { first(Int32(byte)) } else { again(Int32(byte)) }
            }
            close(readEnd)
        }
        thread.start()
        var signals = sigset_t()
        sigemptyset(&signals)
        for number in [SIGINT, SIGTERM] {
            var action = sigaction()
            action.__sigaction_handler.sa_handler = { number in forwardSignal(number) }
            action.sa_flags = SA_RESTART
            sigemptyset(&action.sa_mask)
            sigaction(number, &action, nil)
            sigaddset(&signals, number)
        }
        pthread_sigmask(SIG_UNBLOCK, &signals, nil)
    }

    /// Restores the default actions and stops the reader.
    func remove() {
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
        signalPipeWriteEnd.store(-1, ordering: .releasing)
        if writeEnd >= 0 { close(writeEnd) }
    }

    /// The name of a signal for messages.
    static func name(_ number: Int32) -> String {
        number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }
}
