/// Why bytes are not a valid IEEE 488.2 definite-length block (`#<n><length><data>`), or a block payload
/// is not a whole number of array elements.
///
/// Each case carries the first bytes received (at most `SCPIBlockError.shownByteCount`) so the description can
/// show them in hex.
public enum SCPIBlockError: Error, CustomStringConvertible, Sendable, Hashable {
    /// The bytes do not start with `#`.
    case missingHash(received: [UInt8])
    /// The byte after `#` is not a digit.
    case invalidDigitCount(received: [UInt8])
    /// `#0`: the indefinite-length form, which this station does not accept.
    case indefiniteLength(received: [UInt8])
    /// One of the length digits is not a digit.
    case invalidLengthDigits(received: [UInt8])
    /// Fewer bytes than the header announces (or than a header needs).
    case truncated(expectedByteCount: Int, availableByteCount: Int, received: [UInt8])
    /// Bytes follow the block other than a line terminator.
    case trailingBytes(count: Int, received: [UInt8])
    /// A payload of `byteCount` bytes is not a whole number of `elementSize`-byte elements.
    case partialElement(byteCount: Int, elementSize: Int)

    /// How many leading bytes an error keeps for display.
    public static let shownByteCount = 24

    /// A sentence naming the problem, the expected form and the bytes.
    public var description: String {
        switch self {
        case .missingHash(let received):
            return "binary block does not start with '#' (expected #<n><length><data>, e.g. #212Hello world): "
                + ByteRendering.describe(received)
        case .invalidDigitCount(let received):
            return "binary block header has no digit count after '#' (expected #<1-9><length>…): "
                + ByteRendering.describe(received)
        case .indefiniteLength(let received):
            return "binary block uses the indefinite-length form #0, which is not supported "
                + "(expected a definite-length block #<1-9><length><data>): " + ByteRendering.describe(received)
        case .invalidLengthDigits(let received):
            return "binary block length is not a decimal number (expected #<n> followed by n digits): "
                + ByteRendering.describe(received)
        case .truncated(let expected, let available, let received):
            return "binary block truncated: \(expected) bytes expected, \(available) received; starts "
                + ByteRendering.describe(received)
        case .trailingBytes(let count, let received):
            return "binary block followed by \(count) unexpected bytes; starts " + ByteRendering.describe(received)
        case .partialElement(let byteCount, let elementSize):
            return "binary block payload of \(byteCount) bytes is not a whole number of \(elementSize)-byte values"
        }
    }

    static func shown(_ bytes: some Collection<UInt8>) -> [UInt8] { Array(bytes.prefix(shownByteCount)) }
}
