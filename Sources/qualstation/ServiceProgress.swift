import Foundation
import Qualification
import Synchronization
import SystemdNotify

/// A run's progress, passed on to the terminal and to systemd when the run is a service (`Type=notify`).
///
/// `READY=1` goes out with the run's first progress (the station is connected and the run recorded), `STATUS=`
/// with every new step or phase, and `STOPPING=1` when the run winds down. Under `WatchdogSec=`, a watchdog task
/// sends `WATCHDOG=1` at half the interval, but only while the sequencer keeps reporting progress (it does at every
/// chamber poll): a controller that hangs stops the pings, and systemd restarts the unit, which resumes the run.
final class ServiceProgress: ProgressReporter {
    private struct State {
        var ready = false
        var lastStatus = ""
        var heartbeat = ContinuousClock.now
        var warned = false
    }

    private let base: any ProgressReporter
    private let notifier: ServiceNotifier
    private let state = Mutex(State())
    private let watchdog = Mutex<Task<Void, Never>?>(nil)

    /// `base` alone when no service manager listens; otherwise `base` plus notifications.
    static func wrapping(_ base: any ProgressReporter, environment: [String: String]) -> (any ProgressReporter, ServiceProgress?) {
        guard let notifier = ServiceNotifier(environment: environment) else { return (base, nil) }
        let service = ServiceProgress(base: base, notifier: notifier)
        service.startWatchdog()
        return (service, service)
    }

    private init(base: any ProgressReporter, notifier: ServiceNotifier) {
        self.base = base
        self.notifier = notifier
    }

    func event(_ text: String) {
        base.event(text)
        beat(status: nil)
    }

    func status(_ status: ProgressStatus) {
        base.status(status)
        beat(status: "step \(status.stepNumber)/\(status.stepCount) \(status.step): \(status.phase)")
    }

    /// The run is winding down (a signal arrived, or it ended): `STOPPING=1`, and no more watchdog pings.
    func stopping() {
        watchdog.withLock { task in
            task?.cancel()
            task = nil
        }
        send("STOPPING=1", patience: .seconds(1))
    }

    private func beat(status: String?) {
        let messages = state.withLock { state -> [String] in
            state.heartbeat = .now
            var messages: [String] = []
            if !state.ready {
                state.ready = true
                messages.append("READY=1")
            }
            if let status, status != state.lastStatus {
                state.lastStatus = status
                messages.append("STATUS=\(status)")
            }
            return messages
        }
        // READY=1 is worth a moment's wait on a full queue: systemd would otherwise think the start never finished.
        if !messages.isEmpty { send(messages.joined(separator: "\n"), patience: messages[0] == "READY=1" ? .seconds(1) : .zero) }
    }

    private func startWatchdog() {
        guard let interval = notifier.watchdogInterval else { return }
        let task = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval / 2)
                guard let self, !Task.isCancelled else { return }
                let alive = self.state.withLock { ContinuousClock.now - $0.heartbeat < interval }
                if alive { self.send("WATCHDOG=1") }
            }
        }
        watchdog.withLock { $0 = task }
    }

    private func send(_ message: String, patience: Duration = .zero) {
        do {
            try notifier.send(message, patience: patience)
        } catch {
            // The run goes on without the service manager's view of it; one warning is enough.
            let first = state.withLock { state in
                defer { state.warned = true }
                return !state.warned
            }
            if first { StandardError.write("qualstation: warning: \(error) (further notification failures are not shown)") }
        }
    }
}
