import Certificates
import Foundation

/// Escaping and formatting for the console's server-rendered pages.
enum HTML {
    /// Text safe inside an element or a quoted attribute (the certificate renderer's escaping).
    static func escape(_ text: String) -> String {
        HTMLText.escape(text)
    }

    /// Percent-encodes a query value.
    static func query(_ text: String) -> String {
        text.addingPercentEncoding(withAllowedCharacters: .alphanumerics.union(CharacterSet(charactersIn: "-_.~"))) ?? ""
    }

    /// `12.3 °C`, or `—`.
    static func celsius(_ value: Double?) -> String {
        guard let value, value.isFinite else { return "—" }
        return String(format: "%.1f °C", value)
    }

    /// `2026-03-01 08:00:00Z`, or `—`.
    static func time(_ date: Date?) -> String {
        guard let date else { return "—" }
        return date.formatted(.iso8601).replacingOccurrences(of: "T", with: " ")
    }

    /// `1 h 05 min`, `4 min 10 s`, or `—`.
    static func duration(_ seconds: Double?) -> String {
        guard let seconds, seconds.isFinite, seconds >= 0 else { return "—" }
        let total = Int(seconds.rounded())
        if total >= 3600 { return String(format: "%d h %02d min", total / 3600, (total % 3600) / 60) }
        if total >= 60 { return "\(total / 60) min \(total % 60) s" }
        return "\(total) s"
    }
}
