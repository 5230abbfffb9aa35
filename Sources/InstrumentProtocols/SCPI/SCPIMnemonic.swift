/// A header mnemonic of up to 16 ASCII letters, digits or underscores, stored upper-cased in two integers so
/// comparing two mnemonics costs two integer compares and no allocation.
struct SCPIMnemonic: Sendable, Hashable {
    /// The longest mnemonic stored. SCPI-99 limits mnemonics to 12 characters; vendor headers sometimes
    /// run longer, so a little room is left.
    static let capacity = 16

    private var low: UInt64 = 0
    private var high: UInt64 = 0
    private(set) var count: UInt8 = 0

    /// Packs `bytes` upper-cased; nil when longer than `capacity`.
    init?(_ bytes: some Collection<UInt8>) {
        guard bytes.count <= Self.capacity else { return nil }
        for byte in bytes { append(byte) }
    }

    /// Packs the bytes `buffer[range]` upper-cased; nil when longer than `capacity`.
    init?(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) {
        guard range.count <= Self.capacity else { return nil }
        for index in range { append(buffer[index]) }
    }

    private mutating func append(_ byte: UInt8) {
        let upper = (byte >= 0x61 && byte <= 0x7A) ? byte - 0x20 : byte
        let position = Int(count)
        if position < 8 {
            low |= UInt64(upper) << (8 * position)
        } else {
            high |= UInt64(upper) << (8 * (position - 8))
        }
        count += 1
    }

    /// The mnemonic as text, upper case.
    var text: String {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(Int(count))
        for position in 0..<Int(count) {
            let word = position < 8 ? low >> (8 * position) : high >> (8 * (position - 8))
            bytes.append(UInt8(truncatingIfNeeded: word))
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
