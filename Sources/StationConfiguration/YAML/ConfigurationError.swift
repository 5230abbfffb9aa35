/// One problem in a station or profile file, with where it is and what was found.
public struct ConfigurationIssue: Sendable, Equatable, CustomStringConvertible {
    /// The file, as the user named it.
    public var file: String
    /// The 1-based line, when known.
    public var line: Int?
    /// The dotted path of the field, e.g. `limits.chamber.max_celsius`.
    public var field: String
    /// The offending value as written, when there is one.
    public var value: String?
    /// What is wrong and what is expected.
    public var message: String

    /// Creates an issue.
    public init(file: String, line: Int?, field: String, value: String?, message: String) {
        self.file = file
        self.line = line
        self.field = field
        self.value = value
        self.message = message
    }

    public var description: String {
        var text = file
        if let line { text += ":\(line)" }
        text += ": \(field.isEmpty ? "(document)" : field)"
        if let value { text += " = \(value.debugDescription)" }
        return text + ": " + message
    }
}

/// The problems found in one or more configuration files; thrown by loading and validation.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// Every problem found, in file order.
    public var issues: [ConfigurationIssue]

    /// Creates an error from its issues.
    public init(_ issues: [ConfigurationIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}

extension ConfigurationIssue {
    /// The issues an error from loading `file` stands for: a ``ConfigurationError``'s own issues, or one issue
    /// naming the file for any other error (unreadable file, I/O).
    public static func issues(from error: any Error, file: String) -> [ConfigurationIssue] {
        if let configuration = error as? ConfigurationError { return configuration.issues }
        return [ConfigurationIssue(file: file, line: nil, field: "", value: nil, message: "\(error)")]
    }
}
