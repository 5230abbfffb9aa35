import Crypto
import Foundation
import GRDB

/// The canonical content of a chained row, and the link from one row's hash to the next (docs/evidence-chain.md).
///
/// The content is the table name and then every column of the row in schema order, each as one token ending in a
/// line feed (0x0A):
///
/// - NULL: `N`
/// - INTEGER: `i` and the value in decimal ASCII (`-` before a negative one)
/// - REAL: `r` and the 16 lowercase hex digits of the IEEE 754 binary64 value, big-endian (−0.0 as 0.0)
/// - TEXT: `t`, the UTF-8 byte count in decimal, `:`, the UTF-8 bytes
/// - BLOB: `b`, the byte count in decimal, `:`, the bytes
///
/// The table name is a TEXT token. A row's chain hash is SHA-256 over the previous row's chain hash (32 bytes; 32
/// zero bytes before the first row) followed by its content.
struct EvidenceChainEncoding {
    /// The content built so far.
    private(set) var bytes: [UInt8] = []

    /// The hash before the first row: 32 zero bytes.
    static let origin = [UInt8](repeating: 0, count: 32)

    /// An empty encoding.
    init() {}

    /// An encoding holding content built earlier, to link it.
    init(bytesForLinking bytes: [UInt8]) {
        self.bytes = bytes
    }

    /// Starts the content of a row of `table`.
    mutating func start(table: String) {
        bytes.removeAll(keepingCapacity: true)
        text(table)
    }

    /// A NULL column.
    mutating func null() {
        bytes.append(UInt8(ascii: "N"))
        bytes.append(0x0A)
    }

    /// An INTEGER column.
    mutating func integer(_ value: Int64) {
        bytes.append(UInt8(ascii: "i"))
        bytes.append(contentsOf: String(value).utf8)
        bytes.append(0x0A)
    }

    /// An INTEGER column that may be NULL.
    mutating func integer(_ value: Int?) {
        if let value { integer(Int64(value)) } else { null() }
    }

    /// A REAL column (its exact bits).
    mutating func real(_ value: Double) {
        let bits = (value == 0 ? 0.0 : value).bitPattern
        bytes.append(UInt8(ascii: "r"))
        for shift in stride(from: 60, through: 0, by: -4) {
            let nibble = UInt8((bits >> UInt64(shift)) & 0xF)
            bytes.append(nibble < 10 ? UInt8(ascii: "0") + nibble : UInt8(ascii: "a") + nibble - 10)
        }
        bytes.append(0x0A)
    }

    /// A REAL column that may be NULL.
    mutating func real(_ value: Double?) {
        if let value { real(value) } else { null() }
    }

    /// A TEXT column.
    mutating func text(_ value: String) {
        lengthPrefixed("t", value.utf8)
    }

    /// A BLOB column.
    mutating func blob(_ value: Data) {
        lengthPrefixed("b", value)
    }

    /// `tag`, the byte count in decimal, `:`, the bytes, a line feed.
    private mutating func lengthPrefixed(_ tag: Unicode.Scalar, _ value: some Collection<UInt8>) {
        bytes.append(UInt8(ascii: tag))
        bytes.append(contentsOf: String(value.count).utf8)
        bytes.append(UInt8(ascii: ":"))
        bytes.append(contentsOf: value)
        bytes.append(0x0A)
    }

    /// A column as SQLite stores it, by its storage class (what a verifier reads back).
    mutating func value(_ value: DatabaseValue) {
        switch value.storage {
        case .null: null()
        case .int64(let integer): self.integer(integer)
        case .double(let double): real(double)
        case .string(let string): text(string)
        case .blob(let data): blob(data)
        }
    }

    /// The chain hash of a row with this content after a row whose chain hash is `previous`.
    func link(after previous: [UInt8]) -> [UInt8] {
        var hasher = SHA256()
        hasher.update(data: previous)
        hasher.update(data: bytes)
        return Array(hasher.finalize())
    }

    /// Lowercase hex of `bytes`.
    static func hex(_ bytes: [UInt8]) -> String {
        let digits = Array("0123456789abcdef".utf8)
        var out = [UInt8]()
        out.reserveCapacity(bytes.count * 2)
        for byte in bytes {
            out.append(digits[Int(byte >> 4)])
            out.append(digits[Int(byte & 0xF)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
