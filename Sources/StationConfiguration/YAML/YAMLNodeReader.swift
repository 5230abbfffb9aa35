import Foundation
import Yams

/// Reads a YAML mapping field by field, recording every problem with its file, line and field path.
///
/// Readers share one ``IssueCollector``; each reader remembers which keys were read so ``finish()`` can report
/// the keys nobody asked for (misspellings, fields from another schema).
final class YAMLNodeReader {
    let file: String
    let path: String
    let mapping: Node.Mapping?
    let line: Int?
    let issues: IssueCollector
    private var seen: Set<String> = []

    init(file: String, path: String, node: Node?, issues: IssueCollector, lineHint: Int? = nil) {
        self.file = file
        self.path = path
        self.issues = issues
        self.line = node?.mark?.line ?? lineHint
        switch node {
        case .mapping(let mapping)?:
            self.mapping = mapping
        case nil:
            self.mapping = nil
        case .some(let other):
            self.mapping = nil
            issues.add(
                file: file, line: other.mark?.line, field: path, value: Self.render(other),
                message: "expected a mapping of fields")
        }
    }

    /// Loads a whole document; malformed YAML becomes an issue with the parser's line.
    static func document(text: String, file: String, issues: IssueCollector) -> YAMLNodeReader? {
        do {
            guard let node = try Yams.compose(yaml: text) else {
                issues.add(file: file, line: nil, field: "", value: nil, message: "the file is empty")
                return nil
            }
            guard case .mapping = node else {
                issues.add(
                    file: file, line: node.mark?.line, field: "", value: nil,
                    message: "expected a YAML mapping at the top level")
                return nil
            }
            return YAMLNodeReader(file: file, path: "", node: node, issues: issues)
        } catch let error as YamlError {
            issues.add(file: file, line: Self.line(of: error), field: "", value: nil, message: "malformed YAML: \(Self.problem(of: error))")
            return nil
        } catch {
            issues.add(file: file, line: nil, field: "", value: nil, message: "malformed YAML: \(error)")
            return nil
        }
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw node for `key`, marking the key as known.
    func node(_ key: String) -> Node? {
        seen.insert(key)
        return mapping?[key]
    }

    var keys: [String] {
        mapping?.keys.compactMap(\.string) ?? []
    }

    func has(_ key: String) -> Bool { mapping?[key] != nil }

    func report(_ key: String, _ message: String, node: Node? = nil) {
        let target = node ?? mapping?[key]
        issues.add(
            file: file, line: target?.mark?.line ?? line, field: fieldPath(key),
            value: target.map(Self.render), message: message)
    }

    // MARK: Scalars

    func string(_ key: String, required: Bool = false, default fallback: String? = nil) -> String? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node else {
            report(key, "expected a text value")
            return fallback
        }
        return scalar.string
    }

    func double(_ key: String, required: Bool = false, default fallback: Double? = nil) -> Double? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node, let value = Self.number(scalar.string) else {
            report(key, "expected a number")
            return fallback
        }
        return value
    }

    func positive(_ key: String, required: Bool = false, default fallback: Double? = nil, what: String = "value") -> Double? {
        guard let value = double(key, required: required, default: fallback) else { return nil }
        if has(key), value <= 0 {
            report(key, "the \(what) must be greater than zero")
            return fallback
        }
        return value
    }

    func integer(_ key: String, required: Bool = false, default fallback: Int? = nil) -> Int? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node, let value = Int(scalar.string.replacingOccurrences(of: "_", with: "")) else {
            report(key, "expected a whole number")
            return fallback
        }
        return value
    }

    func bool(_ key: String, default fallback: Bool) -> Bool {
        guard let node = node(key) else { return fallback }
        guard case .scalar(let scalar) = node, let value = Self.boolean(scalar.string) else {
            report(key, "expected true or false")
            return fallback
        }
        return value
    }

    func choice<T: RawRepresentable>(_ key: String, required: Bool = false, default fallback: T? = nil) -> T?
    where T: CaseIterable, T.RawValue == String {
        guard let text = string(key, required: required) else { return fallback }
        if let value = T(rawValue: text.lowercased()) { return value }
        report(key, "expected one of: \(T.allCases.map(\.rawValue).joined(separator: ", "))")
        return fallback
    }

    // MARK: Structure

    func object(_ key: String, required: Bool = false) -> YAMLNodeReader? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .mapping = node else {
            report(key, "expected a mapping of fields")
            return nil
        }
        return YAMLNodeReader(file: file, path: fieldPath(key), node: node, issues: issues)
    }

    /// The entries of a sequence under `key`, each with its own path `key[i]`.
    func list(_ key: String, required: Bool = false) -> [(path: String, node: Node)]? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .sequence(let sequence) = node else {
            report(key, "expected a list")
            return nil
        }
        return sequence.enumerated().map { ("\(fieldPath(key))[\($0.offset)]", $0.element) }
    }

    /// The entries of a mapping under `key` as (name, reader) pairs, in file order.
    func entries(_ key: String, required: Bool = false) -> [(name: String, reader: YAMLNodeReader)]? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .mapping(let mapping) = node else {
            report(key, "expected a mapping")
            return nil
        }
        return mapping.map { pair in
            let name = pair.key.string ?? ""
            return (name, YAMLNodeReader(file: file, path: "\(fieldPath(key)).\(name)", node: pair.value, issues: issues))
        }
    }

    /// A mapping of names to numbers, e.g. uncertainties by quantity.
    func numberMap(_ key: String, minimum: Double, meaning: String) -> [String: Double] {
        guard let node = node(key) else { return [:] }
        guard case .mapping(let mapping) = node else {
            report(key, "expected a mapping of names to numbers")
            return [:]
        }
        var values: [String: Double] = [:]
        for (name, value) in mapping {
            let field = "\(fieldPath(key)).\(name.string ?? "?")"
            guard let text = value.scalar?.string, let number = Self.number(text), number >= minimum else {
                issues.add(
                    file: file, line: value.mark?.line, field: field, value: Self.render(value),
                    message: "expected \(meaning): a number of at least \(minimum)")
                continue
            }
            values[name.string ?? "?"] = number
        }
        return values
    }

    func missing(_ key: String) {
        issues.add(file: file, line: line, field: fieldPath(key), value: nil, message: "required field is missing")
    }

    /// Reports keys present in the mapping that nobody read.
    func finish() {
        guard let mapping else { return }
        for (key, _) in mapping {
            guard let name = key.string, !seen.contains(name) else { continue }
            let known = seen.sorted().joined(separator: ", ")
            issues.add(
                file: file, line: key.mark?.line, field: fieldPath(name), value: nil,
                message: "unknown field" + (known.isEmpty ? "" : " (known fields here: \(known))"))
        }
    }

    // MARK: Helpers

    static func render(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar): return scalar.string
        case .mapping: return "{…}"
        case .sequence: return "[…]"
        case .alias: return "*alias"
        }
    }

    static func number(_ text: String) -> Double? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard !cleaned.isEmpty, let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    private static func line(of error: YamlError) -> Int? {
        switch error {
        case .scanner(_, _, let mark, _), .parser(_, _, let mark, _), .composer(_, _, let mark, _):
            return mark.line
        default:
            return nil
        }
    }

    private static func problem(of error: YamlError) -> String {
        switch error {
        case .scanner(let context, let problem, _, _), .parser(let context, let problem, _, _),
            .composer(let context, let problem, _, _):
            if let context { return "\(problem) \(context.text)" }
            return problem
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}

/// Collects configuration issues from several readers.
final class IssueCollector {
    private(set) var issues: [ConfigurationIssue] = []

    func add(file: String, line: Int?, field: String, value: String?, message: String) {
        issues.append(ConfigurationIssue(file: file, line: line, field: field, value: value, message: message))
    }

    func add(_ issue: ConfigurationIssue) { issues.append(issue) }

    var isEmpty: Bool { issues.isEmpty }

    func throwIfAny() throws {
        if !issues.isEmpty { throw ConfigurationError(issues) }
    }
}
