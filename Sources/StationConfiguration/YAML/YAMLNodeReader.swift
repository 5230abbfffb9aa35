import Foundation
import Yams

/// Reads a YAML mapping field by field, recording every problem with its file, line and field path.
///
/// Readers share one ``IssueCollector``; each reader remembers which keys were read so ``finish()`` can report
/// the keys nobody asked for (misspellings, fields from another schema). A field written without a value
/// (`key:`, `key: ~`, `key: null`) counts as absent: optional fields take their default, required ones are
/// reported as having no value.
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
                message: "expected a mapping of fields (key: value lines)")
        }
    }

    /// Loads a whole document; malformed YAML becomes an issue with the parser's line.
    static func document(text: String, file: String, issues: IssueCollector) -> YAMLNodeReader? {
        do {
            guard let node = try Yams.compose(yaml: text), node.null == nil else {
                issues.add(file: file, line: nil, field: "", value: nil, message: "the file is empty (no YAML content)")
                return nil
            }
            guard case .mapping = node else {
                issues.add(
                    file: file, line: node.mark?.line, field: "", value: render(node),
                    message: "expected a YAML mapping of sections at the top level (section: lines), not a \(kind(of: node))")
                return nil
            }
            return YAMLNodeReader(file: file, path: "", node: node, issues: issues)
        } catch YamlError.duplicatedKeysInMapping(let duplicates, let context) {
            issues.add(
                file: file, line: context.mark.line, field: duplicates.joined(separator: ", "), value: nil,
                message: "the key appears more than once in the same mapping; YAML does not allow that (merge the entries)")
            return nil
        } catch let error as YamlError {
            issues.add(file: file, line: Self.line(of: error), field: "", value: nil, message: "malformed YAML: \(Self.problem(of: error))")
            return nil
        } catch {
            issues.add(file: file, line: nil, field: "", value: nil, message: "malformed YAML: \(error)")
            return nil
        }
    }

    func fieldPath(_ key: String) -> String { path.isEmpty ? key : "\(path).\(key)" }

    /// The raw node for `key`, marking the key as known and remembering its line; nil when absent or written
    /// without a value.
    func node(_ key: String) -> Node? {
        seen.insert(key)
        guard let node = mapping?[key] else { return nil }
        if let line = node.mark?.line { issues.lines[fieldPath(key)] = line }
        return node.null == nil ? node : nil
    }

    var keys: [String] {
        mapping?.keys.compactMap(\.string) ?? []
    }

    /// Whether `key` is present with a value.
    func has(_ key: String) -> Bool { mapping?[key].map { $0.null == nil } ?? false }

    /// The line of `key`'s value, or of this mapping when the key is absent.
    func lineOf(_ key: String) -> Int? { mapping?[key]?.mark?.line ?? line }

    func report(_ key: String, _ message: String, node: Node? = nil) {
        let target = node ?? mapping?[key]
        issues.add(
            file: file, line: target?.mark?.line ?? line, field: fieldPath(key),
            value: target.map(Self.render), message: message)
    }

    // MARK: Scalars

    /// Text. Numbers and dates are text too, exactly as written (`version: 1.10` is "1.10").
    func string(_ key: String, required: Bool = false, default fallback: String? = nil) -> String? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node else {
            report(key, "expected a text value, not a \(Self.kind(of: node))")
            return fallback
        }
        if required, scalar.string.trimmingCharacters(in: .whitespaces).isEmpty {
            report(key, "required field is empty")
            return fallback
        }
        return scalar.string
    }

    func double(_ key: String, required: Bool = false, default fallback: Double? = nil) -> Double? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node else {
            report(key, "expected a number, not a \(Self.kind(of: node))")
            return fallback
        }
        guard let value = Self.number(scalar.string) else {
            report(key, Self.isOverflowingNumber(scalar.string) ? "the number is too large" : "expected a number")
            return fallback
        }
        return value
    }

    /// A number that must lie in `range`; `unit` and `what` make the message.
    func number(
        _ key: String, required: Bool = false, default fallback: Double? = nil, in range: ClosedRange<Double>,
        what: String = "value", unit: String = ""
    ) -> Double? {
        guard let value = double(key, required: required, default: fallback) else { return nil }
        if has(key), !range.contains(value) {
            report(key, "the \(what) must lie between \(Self.format(range.lowerBound)) and \(Self.format(range.upperBound))\(unit)")
            return fallback
        }
        return value
    }

    /// A number greater than zero, at least `minimum` and at most `maximum`.
    func positive(
        _ key: String, required: Bool = false, default fallback: Double? = nil, what: String = "value",
        minimum: Double = 0, maximum: Double = .greatestFiniteMagnitude, unit: String = ""
    ) -> Double? {
        guard let value = double(key, required: required, default: fallback) else { return nil }
        if has(key), value <= 0 {
            report(key, "the \(what) must be greater than zero")
            return fallback
        }
        if has(key), value < minimum {
            report(key, "the \(what) must be at least \(Self.format(minimum))\(unit)")
            return fallback
        }
        if has(key), value > maximum {
            report(key, "the \(what) must not exceed \(Self.format(maximum))\(unit)")
            return fallback
        }
        return value
    }

    /// A temperature in °C, which must be physically plausible (not below absolute zero, not above 1000 °C).
    func celsius(_ key: String, required: Bool = false, default fallback: Double? = nil) -> Double? {
        number(key, required: required, default: fallback, in: Plausible.celsius, what: "temperature", unit: " °C")
    }

    func integer(_ key: String, required: Bool = false, default fallback: Int? = nil) -> Int? {
        guard let node = node(key) else {
            if required { missing(key) }
            return fallback
        }
        guard case .scalar(let scalar) = node else {
            report(key, "expected a whole number, not a \(Self.kind(of: node))")
            return fallback
        }
        let text = scalar.string.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        if let value = Int(text) { return value }
        // Whole numbers written as 1e3 or 4.0 are whole numbers too.
        if let number = Self.number(text), number.rounded() == number {
            if abs(number) < 9.2e18 { return Int(number) }
            report(key, "the number is too large")
            return fallback
        }
        report(key, Self.isOverflowingNumber(text) ? "the number is too large" : "expected a whole number")
        return fallback
    }

    /// A whole number that must lie in `range`.
    func integer(
        _ key: String, required: Bool = false, default fallback: Int? = nil, in range: ClosedRange<Int>, what: String
    ) -> Int? {
        guard let value = integer(key, required: required, default: fallback) else { return nil }
        if has(key), !range.contains(value) {
            report(key, "the \(what) must lie between \(range.lowerBound) and \(range.upperBound)")
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

    /// One of a fixed set of words; case, `_`, `-` and blanks are ignored when matching (`rts_cts` is `rtsCts`).
    func choice<T: RawRepresentable>(_ key: String, required: Bool = false, default fallback: T? = nil) -> T?
    where T: CaseIterable, T.RawValue == String {
        guard let text = string(key, required: required) else { return fallback }
        if let value = T.allCases.first(where: { Self.normalized($0.rawValue) == Self.normalized(text) }) { return value }
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
            report(key, "expected a mapping of fields, not a \(Self.kind(of: node))")
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
            report(key, "expected a list, not a \(Self.kind(of: node))")
            return nil
        }
        return sequence.enumerated().map { entry in
            let path = "\(fieldPath(key))[\(entry.offset)]"
            if let line = entry.element.mark?.line { issues.lines[path] = line }
            return (path, entry.element)
        }
    }

    /// The entries of a mapping under `key` as (name, reader) pairs, in file order.
    func entries(_ key: String, required: Bool = false) -> [(name: String, reader: YAMLNodeReader)]? {
        guard let node = node(key) else {
            if required { missing(key) }
            return nil
        }
        guard case .mapping(let mapping) = node else {
            report(key, "expected a mapping, not a \(Self.kind(of: node))")
            return nil
        }
        return mapping.map { pair in
            let name = pair.key.string ?? ""
            let path = "\(fieldPath(key)).\(name)"
            if let line = pair.value.mark?.line { issues.lines[path] = line }
            return (name, YAMLNodeReader(file: file, path: path, node: pair.value, issues: issues, lineHint: pair.key.mark?.line))
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
                    message: "expected \(meaning): a number of at least \(Self.format(minimum))")
                continue
            }
            values[name.string ?? "?"] = number
        }
        return values
    }

    func missing(_ key: String) {
        let present = mapping?[key]
        issues.add(
            file: file, line: present?.mark?.line ?? line, field: fieldPath(key), value: nil,
            message: present == nil ? "required field is missing" : "required field has no value")
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

    static func kind(of node: Node) -> String {
        switch node {
        case .scalar: return "single value"
        case .mapping: return "mapping"
        case .sequence: return "list"
        case .alias: return "alias"
        }
    }

    static func number(_ text: String) -> Double? {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard !cleaned.isEmpty, let value = Double(cleaned), value.isFinite else { return nil }
        return value
    }

    /// Whether `text` is a number too large for a Double (e.g. `1e999`).
    static func isOverflowingNumber(_ text: String) -> Bool {
        let cleaned = text.trimmingCharacters(in: .whitespaces).replacingOccurrences(of: "_", with: "")
        guard let value = Double(cleaned), value.isInfinite else { return false }
        return !cleaned.lowercased().contains("inf")
    }

    static func boolean(_ text: String) -> Bool? {
        switch text.lowercased() {
        case "true", "yes", "on": return true
        case "false", "no", "off": return false
        default: return nil
        }
    }

    static func normalized(_ text: String) -> String {
        text.lowercased().filter { $0 != "_" && $0 != "-" && !$0.isWhitespace }
    }

    /// A number as a person writes it: `130`, `0.5`, `1e-12`.
    static func format(_ value: Double) -> String {
        if value == value.rounded(), abs(value) < 1e15 { return String(Int(value)) }
        return abs(value) >= 1e-3 && abs(value) < 1e6 ? String(value) : String(format: "%g", value)
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
            if let context { return "\(problem) \(context.text) (started on line \(context.mark.line))" }
            return problem
        case .reader(let problem, _, _, _):
            return problem
        default:
            return "\(error)"
        }
    }
}
