/// A benchmark that could not run: a file, a simulator, a socket or a child process failed.
struct BenchmarkError: Error, CustomStringConvertible, Sendable {
    /// What went wrong, for the reader of the benchmark output.
    var description: String

    /// Creates an error with its message.
    init(_ description: String) {
        self.description = description
    }
}
