/// A header pattern in the notation of instrument manuals, matched against received units.
///
/// - Upper-case letters are the short form, the whole word the long form: `PATTern` matches `PATT` and
///   `PATTERN` in any case, not `PATTE`.
/// - `<n>` (or `#`, as in scpi-parser) after a mnemonic accepts a numeric suffix, 1 when omitted:
///   `SOURce<n>:PATTern` matches `SOUR3:PATT` (3) and `SOUR:PATT` (1).
/// - `[…]` marks an optional node: `SOURce<n>:PATTern[:TYPE]` also matches `source3:pattern:type`;
///   `[:SOURce]:VOLTage[:LEVel]` matches `VOLT`, `SOUR:VOLT:LEV`.
/// - A trailing `?` matches only queries; without it only commands (a query and a setting are registered
///   as two patterns, as in scpi-parser).
/// - `*IDN?`-style patterns match common commands exactly.
public struct SCPIHeaderPattern: Sendable, Hashable, CustomStringConvertible {
    struct Node: Sendable, Hashable {
        var short: SCPIMnemonic
        var long: SCPIMnemonic
        var acceptsSuffix: Bool
        var isOptional: Bool
        var captureIndex: Int?
    }

    let nodes: [Node]
    /// True for a common-command pattern such as `*RST`.
    public let isCommon: Bool
    /// True when the pattern ends in `?` and so matches only queries.
    public let isQuery: Bool
    /// How many `<n>` suffixes the pattern captures.
    public let suffixCount: Int
    /// The pattern as written.
    public let text: String

    /// Compiles a pattern.
    /// - Throws: `SCPIHeaderPatternError` when the pattern is empty, a mnemonic does not start with an
    ///   upper-case letter or mixes case after its short form, a bracket is unbalanced or nested, or a
    ///   mnemonic exceeds 16 characters.
    public init(_ pattern: String) throws(SCPIHeaderPatternError) {
        text = pattern
        var bytes = Array(pattern.utf8)
        var query = false
        if bytes.last == UInt8(ascii: "?") {
            query = true
            bytes.removeLast()
        }
        isQuery = query
        func fail(_ reason: String) -> SCPIHeaderPatternError {
            SCPIHeaderPatternError(pattern: pattern, reason: reason)
        }
        guard !bytes.isEmpty else { throw fail("the pattern has no header") }

        if bytes[0] == UInt8(ascii: "*") {
            let name = bytes.dropFirst()
            guard !name.isEmpty, name.allSatisfy(SCPIHeaderNode.isLetter), let packed = SCPIMnemonic(name) else {
                throw fail("a common command is '*' followed by letters, e.g. *IDN?")
            }
            isCommon = true
            nodes = [Node(short: packed, long: packed, acceptsSuffix: false, isOptional: false, captureIndex: nil)]
            suffixCount = 0
            return
        }
        isCommon = false

        var parsed: [Node] = []
        var captures = 0
        var index = 0
        var inOptional = false
        var optionalHasNode = false
        var expectNode = true
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "["):
                guard !inOptional else { throw fail("optional nodes cannot be nested") }
                inOptional = true
                optionalHasNode = false
                expectNode = true
                index += 1
            case UInt8(ascii: "]"):
                guard inOptional, optionalHasNode else { throw fail("']' without an optional node") }
                inOptional = false
                expectNode = false
                index += 1
            case UInt8(ascii: ":"):
                guard index + 1 < bytes.count, bytes[index + 1] != UInt8(ascii: ":"),
                    bytes[index + 1] != UInt8(ascii: "]")
                else { throw fail("':' must be followed by a node (at character \(index + 1))") }
                expectNode = true
                index += 1
            default:
                guard expectNode || parsed.isEmpty else {
                    throw fail("nodes must be separated by ':' (at character \(index + 1))")
                }
                guard SCPIHeaderNode.isLetter(byte), byte < 0x61 else {
                    throw fail("a mnemonic must start with an upper-case letter (at character \(index + 1))")
                }
                let start = index
                while index < bytes.count, SCPIHeaderNode.isLetter(bytes[index]) { index += 1 }
                let word = bytes[start..<index]
                let shortEnd = word.firstIndex { $0 >= 0x61 } ?? index
                guard word[shortEnd...].allSatisfy({ $0 >= 0x61 }) else {
                    throw fail(
                        "upper-case letters after the lower-case part of \(String(decoding: word, as: UTF8.self))")
                }
                guard let short = SCPIMnemonic(word[start..<shortEnd]), let long = SCPIMnemonic(word) else {
                    throw fail("a mnemonic is longer than 16 characters")
                }
                var acceptsSuffix = false
                if index < bytes.count, bytes[index] == UInt8(ascii: "#") {
                    acceptsSuffix = true
                    index += 1
                } else if bytes[index...].starts(with: Array("<n>".utf8)) {
                    acceptsSuffix = true
                    index += 3
                }
                if inOptional {
                    guard !optionalHasNode else { throw fail("an optional group holds one node") }
                    optionalHasNode = true
                }
                parsed.append(
                    Node(
                        short: short, long: long, acceptsSuffix: acceptsSuffix, isOptional: inOptional,
                        captureIndex: acceptsSuffix ? captures : nil))
                if acceptsSuffix { captures += 1 }
                expectNode = false
                if index < bytes.count,
                    ![UInt8(ascii: ":"), UInt8(ascii: "["), UInt8(ascii: "]")].contains(bytes[index])
                {
                    throw fail("unexpected character at \(index + 1)")
                }
            }
        }
        guard !inOptional else { throw fail("'[' is not closed") }
        guard parsed.contains(where: { !$0.isOptional }) else { throw fail("the pattern has no required node") }
        nodes = parsed
        suffixCount = captures
    }

    /// The pattern as written.
    public var description: String { text }

    /// Matches `unit`, returning the captured suffixes, or nil when the header does not fit.
    public func match(_ unit: SCPIProgramUnit) -> SCPIHeaderMatch? {
        guard unit.isQuery == isQuery, unit.isCommon == isCommon else { return nil }
        if isCommon {
            guard unit.nodes.count == 1, unit.nodes[0].packed == nodes[0].long else { return nil }
            return SCPIHeaderMatch(suffixes: [])
        }
        var suffixes = [Int](repeating: 1, count: suffixCount)
        guard matchNodes(unit.nodes, pattern: 0, received: 0, suffixes: &suffixes) else { return nil }
        return SCPIHeaderMatch(suffixes: suffixes)
    }

    /// True when `unit` matches.
    public func matches(_ unit: SCPIProgramUnit) -> Bool { match(unit) != nil }

    /// Matches the first unit of `header` (e.g. `SOUR3:PATT?`), parsed as a message; nil when it does not
    /// parse or does not match.
    public func match(header: String) -> SCPIHeaderMatch? {
        guard let unit = SCPICommandParser.parse(header).units.first else { return nil }
        return match(unit)
    }

    private func matchNodes(
        _ received: [SCPIHeaderNode], pattern: Int, received position: Int, suffixes: inout [Int]
    ) -> Bool {
        if pattern == nodes.count { return position == received.count }
        let node = nodes[pattern]
        if position < received.count {
            let candidate = received[position]
            let nameFits = candidate.packed == node.short || candidate.packed == node.long
            let suffixFits = node.acceptsSuffix || candidate.suffix == nil
            if nameFits && suffixFits {
                if let capture = node.captureIndex { suffixes[capture] = candidate.suffix ?? 1 }
                if matchNodes(received, pattern: pattern + 1, received: position + 1, suffixes: &suffixes) {
                    return true
                }
                if let capture = node.captureIndex { suffixes[capture] = 1 }
            }
        }
        if node.isOptional {
            return matchNodes(received, pattern: pattern + 1, received: position, suffixes: &suffixes)
        }
        return false
    }
}

/// What a header pattern captured from a matching unit.
public struct SCPIHeaderMatch: Sendable, Hashable {
    /// One value per `<n>` in the pattern, in order; 1 where the header gave no suffix.
    public var suffixes: [Int]

    /// Creates a match.
    public init(suffixes: [Int]) {
        self.suffixes = suffixes
    }

    /// The first captured suffix (the channel, usually), 1 when the pattern captures none.
    public var suffix: Int { suffixes.first ?? 1 }
}

/// A header pattern that cannot be compiled.
public struct SCPIHeaderPatternError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The pattern as written.
    public var pattern: String
    /// What is wrong with it.
    public var reason: String

    /// Creates the error.
    public init(pattern: String, reason: String) {
        self.pattern = pattern
        self.reason = reason
    }

    /// A sentence naming the pattern and the problem.
    public var description: String {
        "invalid SCPI header pattern \(ByteRendering.quoted(pattern)): \(reason)"
    }
}
