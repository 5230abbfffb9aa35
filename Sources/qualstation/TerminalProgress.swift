import Foundation
import Qualification
import Synchronization

/// Shows a run's progress: on a terminal, a live status line (step, air and DUT temperature, lanes done, ETA)
/// under the event lines; otherwise one plain line per event.
final class TerminalProgress: ProgressReporter {
    private struct State {
        var statusShown = false
        var lastDraw = Date.distantPast
        var last: ProgressStatus?
    }

    private let terminal: Terminal
    private let state = Mutex(State())

    init(terminal: Terminal) {
        self.terminal = terminal
    }

    func event(_ text: String) {
        let line = decorate(text)
        state.withLock { state in
            var output = state.statusShown ? "\r\u{1B}[2K" : ""
            output += line + "\n"
            if terminal.isInteractive, let last = state.last {
                output += render(last)
                state.statusShown = true
            } else {
                state.statusShown = false
            }
            FileHandle.standardOutput.write(Data(output.utf8))
        }
    }

    func status(_ status: ProgressStatus) {
        guard terminal.isInteractive else { return }
        state.withLock { state in
            state.last = status
            let now = Date()
            guard now.timeIntervalSince(state.lastDraw) >= 0.1 else { return }
            state.lastDraw = now
            state.statusShown = true
            FileHandle.standardOutput.write(Data(("\r\u{1B}[2K" + render(status)).utf8))
        }
    }

    /// Clears the status line before the final report.
    func finish() {
        state.withLock { state in
            if state.statusShown { FileHandle.standardOutput.write(Data("\r\u{1B}[2K".utf8)) }
            state.statusShown = false
            state.last = nil
        }
    }

    private func decorate(_ text: String) -> String {
        if text.hasPrefix("fault:") || text.hasPrefix("interlock:") { return terminal.paint(text, .red) }
        if text.hasPrefix("retry:") || text.hasPrefix("resync:") { return terminal.paint(text, .yellow) }
        return text
    }

    private func render(_ status: ProgressStatus) -> String {
        var parts = ["step \(status.stepNumber)/\(status.stepCount) \(status.step)", status.phase]
        if let air = status.airCelsius { parts.append(String(format: "air %.1f °C", air)) }
        if let dut = status.dutCelsius { parts.append(String(format: "DUT %.1f °C", dut)) }
        if let done = status.lanesDone, let total = status.lanesTotal { parts.append("lanes \(done)/\(total)") }
        if let remaining = status.remainingSeconds { parts.append("ETA \(Self.duration(remaining))") }
        return terminal.paint(parts.joined(separator: " · "), .dim)
    }

    static func duration(_ seconds: Double) -> String {
        let total = Int(seconds.rounded())
        return String(format: "%d:%02d:%02d", total / 3600, (total / 60) % 60, total % 60)
    }
}
