/// SCPI string data: text in double or single quotes, with the quote character doubled inside.
enum SCPIQuoting {
    /// `text` in double quotes with inner double quotes doubled.
    static func quote(_ text: String) -> String {
        var out = "\""
        for character in text {
            if character == "\"" { out += "\"\"" } else { out.append(character) }
        }
        out += "\""
        return out
    }

    /// Reads a quoted string at the start of `text` (which must begin with `"` or `'`).
    /// Returns the unquoted content and the index just after the closing quote, or nil when unterminated.
    static func unquote(_ text: Substring) -> (String, Substring.Index)? {
        guard let quote = text.first, quote == "\"" || quote == "'" else { return nil }
        var out = ""
        var index = text.index(after: text.startIndex)
        while index < text.endIndex {
            let character = text[index]
            if character == quote {
                let next = text.index(after: index)
                if next < text.endIndex, text[next] == quote {
                    out.append(quote)
                    index = text.index(after: next)
                    continue
                }
                return (out, next)
            }
            out.append(character)
            index = text.index(after: index)
        }
        return nil
    }
}
