import Foundation

/// Turns JSON decoding failures into short sentences for a technician.
enum JSONProblem {
    /// Describes a JSONDecoder error without Foundation's debugging noise.
    static func describe(_ error: any Error) -> String {
        guard let decoding = error as? DecodingError else {
            return String(describing: error)
        }
        switch decoding {
        case .dataCorrupted(let context):
            if context.codingPath.isEmpty {
                return "the text is not valid JSON"
            }
            return "member \(path(context.codingPath)) is invalid: \(context.debugDescription)"
        case .keyNotFound(let key, let context):
            return "member \(path(context.codingPath + [key])) is missing"
        case .typeMismatch(let type, let context):
            if context.codingPath.isEmpty {
                return "the text is not a JSON object"
            }
            return "member \(path(context.codingPath)) is not a \(typeName(type))"
        case .valueNotFound(let type, let context):
            return "member \(path(context.codingPath)) is null, expected a \(typeName(type))"
        @unknown default:
            return String(describing: error)
        }
    }

    private static func path(_ codingPath: [any CodingKey]) -> String {
        "\"" + codingPath.map { $0.intValue.map(String.init) ?? $0.stringValue }.joined(separator: ".") + "\""
    }

    private static func typeName(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: return "string"
        case is [String].Type: return "list of strings"
        default: return "\(type)"
        }
    }
}
