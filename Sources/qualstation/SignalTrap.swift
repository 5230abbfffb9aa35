import Dispatch
import Foundation
import Synchronization

/// Catches SIGINT and SIGTERM while a run is in progress: the first asks the run to stop (the sequencer then
/// brings the station to its safe state); later ones explain that clean-up is under way instead of cutting it short.
final class SignalTrap {
    /// Counts the signals received, across the dispatch queue that delivers them.
    private final class Counter: Sendable {
        let value = Mutex(0)

        func increment() -> Int {
            value.withLock { count in
                count += 1
                return count
            }
        }
    }

    private var sources: [any DispatchSourceSignal] = []

    /// Installs the handlers. `first` runs on the first signal, `again` on every later one.
    init(first: @escaping @Sendable (Int32) -> Void, again: @escaping @Sendable (Int32) -> Void) {
        let counter = Counter()
        for number in [SIGINT, SIGTERM] {
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if counter.increment() == 1 { first(number) } else { again(number) }
            }
            source.resume()
            sources.append(source)
        }
    }

    /// Removes the handlers and restores the default actions.
    func remove() {
        for source in sources { source.cancel() }
        sources.removeAll()
        signal(SIGINT, SIG_DFL)
        signal(SIGTERM, SIG_DFL)
    }

    /// The name of a signal for messages.
    static func name(_ number: Int32) -> String {
        number == SIGINT ? "Ctrl-C" : number == SIGTERM ? "SIGTERM" : "signal \(number)"
    }
}
