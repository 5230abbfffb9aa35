import Foundation

/// `application/x-www-form-urlencoded` fields (a form post) or a JSON object of strings and booleans (the API).
struct FormFields: Sendable {
    var values: [String: String]

    init(values: [String: String]) {
        self.values = values
    }

    /// Parses a request body by its content type.
    init(body: Data, contentType: String?) throws(ConsoleError) {
        if contentType?.lowercased().hasPrefix("application/json") == true {
            guard let object = (try? JSONSerialization.jsonObject(with: body)) as? [String: Any] else {
                throw ConsoleError(.badRequest, "the request body is not a JSON object")
            }
            var values: [String: String] = [:]
            for (key, value) in object {
                switch value {
                case let text as String: values[key] = text
                case let flag as Bool: values[key] = flag ? "yes" : "no"
                case let number as NSNumber: values[key] = number.stringValue
                default: throw ConsoleError(.badRequest, "field \"\(key)\": expected a string or a boolean")
                }
            }
            self.values = values
            return
        }
        var values: [String: String] = [:]
        for pair in String(decoding: body, as: UTF8.self).split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1).map {
                String($0).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? ""
            }
            guard let key = parts.first, !key.isEmpty else { continue }
            values[key] = parts.count > 1 ? parts[1] : ""
        }
        self.values = values
    }

    subscript(_ key: String) -> String? {
        values[key].map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Whether the person confirmed: `confirm` is yes/true/on/1.
    var confirmed: Bool {
        ["yes", "true", "on", "1"].contains(self["confirm"]?.lowercased() ?? "")
    }

    /// A required field, or a `.badRequest` naming it.
    func require(_ key: String, _ what: String) throws(ConsoleError) -> String {
        guard let value = self[key] else { throw ConsoleError(.badRequest, "field \"\(key)\" (\(what)) is required") }
        guard value.count <= 200 else { throw ConsoleError(.badRequest, "field \"\(key)\": at most 200 characters") }
        return value
    }
}
