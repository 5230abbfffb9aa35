import Synchronization

/// Rendered pieces (a run's JSON object, a run's table row) kept while the run's summary stays the same, so the run
/// list with a thousand finished runs re-renders only the runs that changed.
final class FragmentCache: Sendable {
    private let entries = Mutex<[String: (summary: RunSummary, text: String)]>([:])

    /// The fragment of `run`, rendered anew only when its summary changed.
    func fragment(for run: RunSummary, render: (RunSummary) throws -> String) rethrows -> String {
        if let cached = entries.withLock({ $0[run.id] }), cached.summary == run { return cached.text }
        let text = try render(run)
        entries.withLock { $0[run.id] = (run, text) }
        return text
    }

    /// Drops the fragments of runs no longer listed (when the cache holds many more than `current`).
    func prune(keeping current: [RunSummary]) {
        entries.withLock { entries in
            guard entries.count > current.count * 2 + 16 else { return }
            let ids = Set(current.map(\.id))
            entries = entries.filter { ids.contains($0.key) }
        }
    }
}
