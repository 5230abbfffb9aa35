/// A serial setting that cannot be applied, naming the field, the value and what is allowed.
public struct SerialSettingsError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The field, e.g. `baud`.
    public var field: String
    /// The offending value as given.
    public var value: String
    /// What is allowed, e.g. `5, 6, 7 or 8`.
    public var expected: String

    /// Creates an error.
    public init(field: String, value: String, expected: String) {
        self.field = field
        self.value = value
        self.expected = expected
    }

    public var description: String {
        "invalid serial setting \(field) = \(value); expected \(expected)"
    }
}
