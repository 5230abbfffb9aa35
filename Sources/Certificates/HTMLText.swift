import Foundation

/// Text helpers for the HTML and SVG renderings: escaping and number formats.
public enum HTMLText {
    /// `text` with `&`, `<`, `>`, `"` and `'` replaced by entities, safe in element content and quoted attributes.
    public static func escape(_ text: String) -> String {
        var result = ""
        result.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            case "'": result += "&#39;"
            default: result.append(character)
            }
        }
        return result
    }

    /// A value with four significant digits (`0.0001234`, `1e-12`, `85`), or an em dash for none.
    static func number(_ value: Double?, digits: Int = 4) -> String {
        guard let value, value.isFinite else { return "—" }
        if value == value.rounded(), abs(value) < 1e6 { return String(Int(value)) }
        return String(format: "%.\(digits)g", value)
    }

    /// A value in scientific notation with three significant digits (`3.20e-13`), or an em dash.
    static func scientific(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.2e", value)
    }

    /// A value with a fixed number of decimals, or an em dash.
    static func fixed(_ value: Double?, _ decimals: Int) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.\(decimals)f", value)
    }

    /// An SVG coordinate: two decimals, no trailing zeros.
    static func coordinate(_ value: Double) -> String {
        guard value.isFinite else { return "0" }
        var text = String(format: "%.2f", value)
        while text.hasSuffix("0") { text.removeLast() }
        if text.hasSuffix(".") { text.removeLast() }
        return text == "-0" ? "0" : text
    }
}
