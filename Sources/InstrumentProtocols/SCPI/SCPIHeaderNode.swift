/// One node of a received SCPI header: its mnemonic and, if given, its numeric suffix.
///
/// `SOUR12` is the node `SOUR` with suffix 12; `PATT` is `PATT` with no suffix. Mnemonics are kept upper-case,
/// exactly as short or long form was sent.
public struct SCPIHeaderNode: Sendable, Hashable, CustomStringConvertible {
    let packed: SCPIMnemonic
    /// The numeric suffix, e.g. 12 in `SOUR12`; nil when the node had none.
    public var suffix: Int?

    init(packed: SCPIMnemonic, suffix: Int?) {
        self.packed = packed
        self.suffix = suffix
    }

    /// Creates a node from a mnemonic (letters, digits, underscores; at most 16 characters) and a suffix.
    /// Returns nil when the mnemonic is empty, too long or holds other characters.
    public init?(mnemonic: String, suffix: Int? = nil) {
        let bytes = Array(mnemonic.utf8)
        guard let first = bytes.first, Self.isLetter(first),
            bytes.allSatisfy({ Self.isLetter($0) || ASCIINumber.isDigit($0) || $0 == UInt8(ascii: "_") }),
            let packed = SCPIMnemonic(bytes)
        else { return nil }
        self.init(packed: packed, suffix: suffix)
    }

    /// The mnemonic in upper case, without suffix, e.g. `SOUR`.
    public var mnemonic: String { packed.text }

    /// The node as text, e.g. `SOUR12`.
    public var description: String {
        if let suffix { return mnemonic + String(suffix) }
        return mnemonic
    }

    static func isLetter(_ byte: UInt8) -> Bool {
        (byte >= 0x41 && byte <= 0x5A) || (byte >= 0x61 && byte <= 0x7A)
    }
}
