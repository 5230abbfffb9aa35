extension StringProtocol {
    /// The text without leading and trailing spaces, tabs, CR, LF and NUL: the padding and terminators
    /// instruments leave around replies.
    func trimmingLineWhitespace() -> SubSequence {
        var start = startIndex
        var end = endIndex
        while start < end, Self.isLineWhitespace(self[start]) { start = index(after: start) }
        while end > start {
            let before = index(before: end)
            guard Self.isLineWhitespace(self[before]) else { break }
            end = before
        }
        return self[start..<end]
    }

    private static func isLineWhitespace(_ character: Character) -> Bool {
        character == " " || character == "\t" || character == "\r\n" || character == "\r" || character == "\n"
            || character == "\0"
    }
}
