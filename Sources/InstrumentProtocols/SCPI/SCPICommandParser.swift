/// The result of parsing one received message: the units parsed, in order, and the error that stopped
/// parsing, if any.
public struct SCPIParsedMessage: Sendable, Hashable {
    /// The program message units parsed before any error.
    public var units: [SCPIProgramUnit]
    /// The syntax error that ended parsing; the rest of the message was discarded, as IEEE 488.2 requires.
    public var error: SCPICommandError?

    /// Creates a result.
    public init(units: [SCPIProgramUnit], error: SCPICommandError? = nil) {
        self.units = units
        self.error = error
    }
}

/// Splits received SCPI messages into program message units, for simulators.
///
/// - Units are separated by `;` (outside quoted strings, channel lists and binary blocks).
/// - A LF ends a message and resets the header path; CR and other whitespace (IEEE 488.2: bytes up to 0x20
///   except LF) separate tokens, so CR LF and LF both terminate.
/// - Path carry-over (IEEE 488.2 / SCPI-99 6.2.4): after `;`, a header without a leading `:` continues at the
///   level of the previous header's last compound node (`SOUR:VOLT 1;CURR 2` is `SOUR:CURR 2`); a leading `:`
///   starts at the root (`MEAS:VOLT?;:MEAS:CURR?`); common commands (`*OPC`) leave the path alone. So
///   `MEAS:VOLT?;MEAS:CURR?` yields `MEAS:MEAS:CURR?`, which no pattern matches (-113), as on real instruments.
/// - A header node's trailing digits are its suffix (`SOUR12` → `SOUR`, 12).
/// - Parameters are split on `,` outside quotes (`"…"`, `'…'`, doubled quote inside), parentheses and
///   definite-length blocks (`#212Hello, world`), and trimmed.
///
/// The parser works on UTF-8 bytes without regular expressions or per-character `String` work.
public enum SCPICommandParser {
    /// Parses a message (terminator optional).
    public static func parse(_ message: String) -> SCPIParsedMessage {
        if let result = message.utf8.withContiguousStorageIfAvailable({ parse(buffer: $0) }) { return result }
        return Array(message.utf8).withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// Parses a message given as bytes (terminator optional).
    public static func parse(bytes: [UInt8]) -> SCPIParsedMessage {
        bytes.withUnsafeBufferPointer { parse(buffer: $0) }
    }

    /// Parses a message and returns its units.
    /// - Throws: `SCPICommandError` for the first syntax error (-102 syntax error, -112 mnemonic too long,
    ///   -114 suffix out of range, -151 unterminated string, -161 bad block).
    public static func units(in message: String) throws(SCPICommandError) -> [SCPIProgramUnit] {
        let parsed = parse(message)
        if let error = parsed.error { throw error }
        return parsed.units
    }

    // MARK: - Bytes

    private static let semicolon = UInt8(ascii: ";")
    private static let lineFeed: UInt8 = 0x0A
    private static let colon = UInt8(ascii: ":")
    private static let comma = UInt8(ascii: ",")

    @inline(__always)
    private static func isSpace(_ byte: UInt8) -> Bool { byte <= 0x20 && byte != lineFeed }

    @inline(__always)
    private static func isMnemonicByte(_ byte: UInt8) -> Bool {
        SCPIHeaderNode.isLetter(byte) || ASCIINumber.isDigit(byte) || byte == UInt8(ascii: "_")
    }

    /// The bytes in `range` as text without surrounding whitespace; trailing trimming stops at `keep`
    /// so the payload of a binary block is never cut.
    private static func text(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, keep: Int = 0) -> String {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, isSpace(buffer[lower]) { lower += 1 }
        while upper > max(lower, keep), isSpace(buffer[upper - 1]) { upper -= 1 }
        return String(decoding: UnsafeBufferPointer(rebasing: buffer[lower..<upper]), as: UTF8.self)
    }

    private static func describe(_ byte: UInt8) -> String {
        (byte >= 0x21 && byte < 0x7F)
            ? "'" + String(decoding: [byte], as: UTF8.self) + "'" : ByteRendering.hexByte(byte)
    }

    // MARK: - Parser

    static func parse(buffer: UnsafeBufferPointer<UInt8>) -> SCPIParsedMessage {
        let count = buffer.count
        var units: [SCPIProgramUnit] = []
        var base: [SCPIHeaderNode] = []
        var index = 0
        var unitStart = 0

        func failure(_ error: SCPIStandardError, _ detail: String) -> SCPIParsedMessage {
            var end = unitStart
            while end < count, buffer[end] != semicolon, buffer[end] != lineFeed { end += 1 }
            return SCPIParsedMessage(
                units: units, error: SCPICommandError(error, detail: detail, command: text(buffer, unitStart..<end)))
        }

        while true {
            while index < count, isSpace(buffer[index]) { index += 1 }
            guard index < count else { break }
            if buffer[index] == semicolon {
                index += 1
                continue
            }
            if buffer[index] == lineFeed {
                index += 1
                base = []
                continue
            }
            unitStart = index

            // Header.
            var nodes: [SCPIHeaderNode]
            var isCommon = false
            if buffer[index] == UInt8(ascii: "*") {
                index += 1
                let start = index
                while index < count, SCPIHeaderNode.isLetter(buffer[index]) { index += 1 }
                guard index > start else { return failure(.syntaxError, "'*' is not followed by a command name") }
                guard let mnemonic = SCPIMnemonic(buffer, start..<index) else {
                    return failure(.programMnemonicTooLong, "the command name is longer than 16 characters")
                }
                nodes = [SCPIHeaderNode(packed: mnemonic, suffix: nil)]
                isCommon = true
            } else {
                var absolute = false
                if buffer[index] == colon {
                    absolute = true
                    index += 1
                }
                var relative: [SCPIHeaderNode] = []
                while true {
                    guard index < count, SCPIHeaderNode.isLetter(buffer[index]) else {
                        let found = index < count ? describe(buffer[index]) : "the end of the message"
                        return failure(.syntaxError, "expected a header mnemonic, found \(found)")
                    }
                    let start = index
                    while index < count, isMnemonicByte(buffer[index]) { index += 1 }
                    var nameEnd = index
                    while nameEnd > start + 1, ASCIINumber.isDigit(buffer[nameEnd - 1]) { nameEnd -= 1 }
                    var suffix: Int?
                    if nameEnd < index {
                        guard index - nameEnd <= 9 else {
                            return failure(.headerSuffixOutOfRange, "the numeric suffix has more than 9 digits")
                        }
                        var value = 0
                        for position in nameEnd..<index { value = value * 10 + Int(buffer[position] - 0x30) }
                        suffix = value
                    }
                    guard let mnemonic = SCPIMnemonic(buffer, start..<nameEnd) else {
                        return failure(.programMnemonicTooLong, "a header mnemonic is longer than 16 characters")
                    }
                    relative.append(SCPIHeaderNode(packed: mnemonic, suffix: suffix))
                    if index < count, buffer[index] == colon {
                        index += 1
                        continue
                    }
                    break
                }
                nodes = absolute ? relative : base + relative
                base = Array(nodes.dropLast())
            }
            var isQuery = false
            if index < count, buffer[index] == UInt8(ascii: "?") {
                isQuery = true
                index += 1
            }
            if index < count, !isSpace(buffer[index]), buffer[index] != semicolon, buffer[index] != lineFeed {
                return failure(.syntaxError, "unexpected \(describe(buffer[index])) after the header")
            }

            // Parameters.
            while index < count, isSpace(buffer[index]) { index += 1 }
            var parameters: [SCPIParameter] = []
            var lastBlockEnd = 0
            if index < count, buffer[index] != semicolon, buffer[index] != lineFeed {
                while true {
                    let start = index
                    var depth = 0
                    var blockEnd = 0
                    scan: while index < count {
                        let byte = buffer[index]
                        switch byte {
                        case UInt8(ascii: "\""), UInt8(ascii: "'"):
                            index += 1
                            var closed = false
                            while index < count {
                                if buffer[index] == byte {
                                    if index + 1 < count, buffer[index + 1] == byte {
                                        index += 2
                                        continue
                                    }
                                    index += 1
                                    closed = true
                                    break
                                }
                                index += 1
                            }
                            if !closed { return failure(.invalidStringData, "a quoted string is not closed") }
                            continue scan
                        case UInt8(ascii: "#") where index + 1 < count && ASCIINumber.isDigit(buffer[index + 1]):
                            let digitCount = Int(buffer[index + 1] - 0x30)
                            guard digitCount > 0 else {
                                return failure(.invalidBlockData, "indefinite-length blocks (#0) are not supported")
                            }
                            guard index + 2 + digitCount <= count else {
                                return failure(.invalidBlockData, "the block length is cut short")
                            }
                            var length = 0
                            for position in (index + 2)..<(index + 2 + digitCount) {
                                guard ASCIINumber.isDigit(buffer[position]) else {
                                    return failure(.invalidBlockData, "the block length is not a number")
                                }
                                length = length * 10 + Int(buffer[position] - 0x30)
                            }
                            let end = index + 2 + digitCount + length
                            guard end <= count else {
                                let available = count - index - 2 - digitCount
                                let detail = "the block announces \(length) bytes but only \(available) follow"
                                return failure(.invalidBlockData, detail)
                            }
                            index = end
                            blockEnd = end
                            continue scan
                        case UInt8(ascii: "("):
                            depth += 1
                        case UInt8(ascii: ")"):
                            depth -= 1
                            if depth < 0 { return failure(.syntaxError, "')' without '('") }
                        case semicolon, lineFeed:
                            break scan
                        case comma where depth == 0:
                            break scan
                        default:
                            break
                        }
                        index += 1
                    }
                    if depth != 0 { return failure(.syntaxError, "'(' is not closed") }
                    let parameter = text(buffer, start..<index, keep: blockEnd)
                    if parameter.isEmpty { return failure(.syntaxError, "a parameter is empty") }
                    parameters.append(SCPIParameter(parameter))
                    lastBlockEnd = max(lastBlockEnd, blockEnd)
                    if index < count, buffer[index] == comma {
                        index += 1
                        continue
                    }
                    break
                }
            }
            units.append(
                SCPIProgramUnit(
                    nodes: nodes, isCommon: isCommon, isQuery: isQuery, parameters: parameters,
                    text: text(buffer, unitStart..<index, keep: lastBlockEnd)))
            if index < count {
                if buffer[index] == lineFeed { base = [] }
                index += 1
            }
        }
        return SCPIParsedMessage(units: units)
    }
}
