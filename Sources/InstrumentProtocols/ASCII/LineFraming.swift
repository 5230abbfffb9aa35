/// The end of a text line on the wire.
public enum LineTerminator: Sendable, Hashable, CaseIterable {
    /// LF (`\n`): SCPI over sockets, ThermoStream ECO-560 over TCP.
    case lf
    /// CR LF (`\r\n`): Espec P-300/SCP-220, Newport meters.
    case crlf
    /// CR (`\r`): Thermotron 8800.
    case cr

    /// The terminator's bytes.
    public var bytes: [UInt8] {
        switch self {
        case .lf: [0x0A]
        case .crlf: [0x0D, 0x0A]
        case .cr: [0x0D]
        }
    }
}

/// A line that cannot be framed.
public enum LineFramingError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The bytes end without a terminator (the peer stopped mid-line, or the reply was cut).
    case unterminatedLine(bytes: [UInt8])
    /// More than `limit` bytes arrived without a terminator.
    case lineTooLong(limit: Int, bytes: [UInt8])
    /// Text to be sent contains a CR or LF, which would split it into several commands.
    case embeddedTerminator(line: String)
    /// Bytes follow the first line where exactly one line was expected.
    case extraBytes(line: String, extra: [UInt8])

    /// A sentence naming the problem and showing the bytes.
    public var description: String {
        switch self {
        case .unterminatedLine(let bytes):
            return "line is not terminated (no LF/CR at the end): " + ByteRendering.describe(bytes)
        case .lineTooLong(let limit, let bytes):
            return "no line terminator within \(limit) bytes: " + ByteRendering.describe(bytes.prefix(64))
        case .embeddedTerminator(let line):
            return "text to send contains a line terminator: " + ByteRendering.describe(text: line)
        case .extraBytes(let line, let extra):
            return "expected one line, but \(extra.count) bytes follow \(ByteRendering.quoted(line)): "
                + ByteRendering.describe(extra)
        }
    }
}

/// Line framing helpers for the vendor ASCII protocols.
public enum LineFraming {
    /// `line` as bytes followed by `terminator`.
    /// - Throws: `LineFramingError.embeddedTerminator` when `line` contains CR or LF.
    public static func terminate(_ line: String, with terminator: LineTerminator) throws(LineFramingError) -> [UInt8] {
        guard !line.utf8.contains(where: { $0 == 0x0A || $0 == 0x0D }) else { throw .embeddedTerminator(line: line) }
        return Array(line.utf8) + terminator.bytes
    }

    /// Splits `bytes` at LF into complete lines (a CR before the LF is dropped, so CR LF and LF both end a
    /// line) and the unterminated remainder. Lines are decoded as UTF-8, invalid bytes replaced by U+FFFD.
    public static func split(_ bytes: [UInt8]) -> (lines: [String], remainder: [UInt8]) {
        var framer = LineFramer(delimiter: .lineFeed, maximumLineLength: Int.max)
        framer.append(bytes)
        var lines: [String] = []
        while let line = framer.nextCompleteLine() { lines.append(line) }
        return (lines, framer.buffered)
    }

    /// The single line in `bytes`, which must end with LF or CR LF and contain nothing after it.
    /// - Throws: `LineFramingError.unterminatedLine` when there is no terminator, `.extraBytes` when bytes
    ///   follow the first line.
    public static func line(from bytes: [UInt8]) throws(LineFramingError) -> String {
        guard let end = bytes.firstIndex(of: 0x0A) else { throw .unterminatedLine(bytes: bytes) }
        var content = bytes[..<end]
        if content.last == 0x0D { content = content.dropLast() }
        let line = String(decoding: content, as: UTF8.self)
        let rest = Array(bytes[(end + 1)...])
        guard rest.isEmpty else { throw .extraBytes(line: line, extra: rest) }
        return line
    }
}

/// Collects received bytes and hands out complete lines: a sans-I/O reader for line protocols.
///
///     var framer = LineFramer(delimiter: .lineFeed)
///     framer.append(bytesFromLink)
///     while let line = try framer.nextLine() { handle(line) }
///     try framer.finish()   // at end of stream: throws if half a line is left
public struct LineFramer: Sendable, Hashable {
    /// Which byte ends a line.
    public enum Delimiter: Sendable, Hashable {
        /// LF ends a line; a CR just before it is dropped (LF and CR LF both work).
        case lineFeed
        /// CR ends a line; an LF right after it is dropped (CR and CR LF both work).
        case carriageReturn
    }

    /// Which byte ends a line.
    public let delimiter: Delimiter
    /// The most bytes a line may have before `nextLine()` throws.
    public let maximumLineLength: Int
    /// Received bytes not yet handed out.
    public private(set) var buffered: [UInt8] = []
    private var dropLeadingLineFeed = false

    /// Creates an empty framer.
    public init(delimiter: Delimiter = .lineFeed, maximumLineLength: Int = 65_536) {
        self.delimiter = delimiter
        self.maximumLineLength = max(1, maximumLineLength)
    }

    /// Adds received bytes.
    public mutating func append(_ bytes: some Sequence<UInt8>) {
        buffered.append(contentsOf: bytes)
    }

    /// True when bytes of an unfinished line are waiting.
    public var hasPartialLine: Bool {
        !buffered.isEmpty && !(dropLeadingLineFeed && buffered == [0x0A])
    }

    /// The next complete line as bytes, without terminator, or nil when no complete line is buffered.
    /// - Throws: `LineFramingError.lineTooLong` when more than `maximumLineLength` bytes wait without a
    ///   terminator.
    public mutating func nextLineBytes() throws(LineFramingError) -> [UInt8]? {
        if let line = nextCompleteLineBytes() { return line }
        if buffered.count > maximumLineLength {
            throw .lineTooLong(limit: maximumLineLength, bytes: buffered)
        }
        return nil
    }

    /// The next complete line decoded as UTF-8 (invalid bytes become U+FFFD), or nil.
    /// - Throws: `LineFramingError.lineTooLong` as `nextLineBytes()`.
    public mutating func nextLine() throws(LineFramingError) -> String? {
        guard let bytes = try nextLineBytes() else { return nil }
        return String(decoding: bytes, as: UTF8.self)
    }

    /// Checks that nothing but whole lines arrived, at the end of a stream or reply.
    /// - Throws: `LineFramingError.unterminatedLine` with the leftover bytes.
    public func finish() throws(LineFramingError) {
        if hasPartialLine { throw .unterminatedLine(bytes: buffered) }
    }

    mutating func nextCompleteLine() -> String? {
        nextCompleteLineBytes().map { String(decoding: $0, as: UTF8.self) }
    }

    private mutating func nextCompleteLineBytes() -> [UInt8]? {
        if dropLeadingLineFeed, let first = buffered.first {
            if first == 0x0A { buffered.removeFirst() }
            dropLeadingLineFeed = false
        }
        switch delimiter {
        case .lineFeed:
            guard let end = buffered.firstIndex(of: 0x0A) else { return nil }
            var line = Array(buffered[..<end])
            if line.last == 0x0D { line.removeLast() }
            buffered.removeSubrange(...end)
            return line
        case .carriageReturn:
            guard let end = buffered.firstIndex(of: 0x0D) else { return nil }
            let line = Array(buffered[..<end])
            buffered.removeSubrange(...end)
            dropLeadingLineFeed = true
            if let first = buffered.first {
                if first == 0x0A { buffered.removeFirst() }
                dropLeadingLineFeed = false
            }
            return line
        }
    }
}
