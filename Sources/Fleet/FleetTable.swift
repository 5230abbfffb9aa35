import Foundation

/// Rows returned by a fleet query, every value as PostgreSQL's text (nil for NULL): what reports print and tests
/// compare.
public struct FleetTable: Sendable, Equatable {
    /// The column names, in order.
    public var columns: [String]
    /// The rows, each with one value per column.
    public var rows: [[String?]]

    /// Creates a table.
    public init(columns: [String], rows: [[String?]]) {
        self.columns = columns
        self.rows = rows
    }

    /// The values of the column named `name` (empty when there is no such column).
    public func column(_ name: String) -> [String?] {
        guard let index = columns.firstIndex(of: name) else { return [] }
        return rows.map { $0[index] }
    }

    /// The table as aligned text, one row a line, NULL shown as `-`.
    public func rendered() -> String {
        let cells = [columns] + rows.map { $0.map { $0 ?? "-" } }
        var widths = columns.map(\.count)
        for row in cells {
            for (index, value) in row.enumerated() { widths[index] = max(widths[index], value.count) }
        }
        return cells.map { row in
            row.enumerated().map { index, value in
                value.padding(toLength: widths[index], withPad: " ", startingAt: 0)
            }.joined(separator: "  ").trimmingTrailingSpaces()
        }.joined(separator: "\n")
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.hasSuffix(" ") { text.removeLast() }
        return text
    }
}
