import Foundation

/// Where the benchmarks print: section headers, figures (`name: value unit`) and notes, each line flushed at once
/// so that a long section shows its figures as they come.
struct BenchmarkOutput: Sendable {
    /// Prints a section header.
    func header(_ title: String) {
        emit("== \(title) ==")
    }

    /// Prints one figure.
    func figure(_ figure: BenchmarkFigure) {
        emit(figure.line)
    }

    /// Prints figures in order.
    func figures(_ figures: [BenchmarkFigure]) {
        for figure in figures { self.figure(figure) }
    }

    /// Prints a line as it is, for results that are not one `name: value unit` figure (e.g. `X ± SE, exact: P`).
    func line(_ text: String) {
        emit(text)
    }

    /// Prints a note: context for the figures (versions, what was skipped and why), indented.
    func note(_ text: String) {
        emit("  # \(text)")
    }

    private func emit(_ line: String) {
        print(line)
        fflush(nil)
    }
}
