/// Collects configuration issues from several readers, and the line of every field read, so that later checks
/// (across sections, or against a station) can still name the line a value came from.
final class IssueCollector {
    private(set) var issues: [ConfigurationIssue] = []
    /// The 1-based line of each field read, by dotted path (`dut.lanes`, `sequence[2].point`).
    var lines: [String: Int] = [:]

    func add(file: String, line: Int?, field: String, value: String?, message: String) {
        issues.append(ConfigurationIssue(file: file, line: line, field: field, value: value, message: message))
    }

    func add(_ issue: ConfigurationIssue) { issues.append(issue) }

    var isEmpty: Bool { issues.isEmpty }

    func throwIfAny() throws {
        if !issues.isEmpty { throw ConfigurationError(issues) }
    }
}
