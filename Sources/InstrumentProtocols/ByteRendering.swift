/// Renders bytes and text for error messages a technician can read.
///
/// Every error in this module shows the offending bytes; these helpers keep that rendering uniform:
/// hex as `01 03 00 00`, text quoted with control characters escaped as `"TEMP?\r\n"`.
enum ByteRendering {
    /// The most bytes shown before the rendering is shortened.
    static let hexLimit = 64

    private static let hexDigits: [UInt8] = Array("0123456789ABCDEF".utf8)

    /// Upper-case hex with spaces, e.g. `01 03 84 0A`; long inputs end with `… (+N bytes)`.
    static func hex(_ bytes: some Collection<UInt8>, limit: Int = hexLimit) -> String {
        if bytes.isEmpty { return "(no bytes)" }
        var out: [UInt8] = []
        out.reserveCapacity(min(bytes.count, limit) * 3 + 16)
        var shown = 0
        for byte in bytes {
            if shown == limit { break }
            if shown > 0 { out.append(0x20) }
            out.append(hexDigits[Int(byte >> 4)])
            out.append(hexDigits[Int(byte & 0x0F)])
            shown += 1
        }
        var text = String(decoding: out, as: UTF8.self)
        if bytes.count > shown {
            text += " … (+\(bytes.count - shown) bytes)"
        }
        return text
    }

    /// One byte as `0x0A`.
    static func hexByte(_ byte: UInt8) -> String {
        "0x" + String(decoding: [hexDigits[Int(byte >> 4)], hexDigits[Int(byte & 0x0F)]], as: UTF8.self)
    }

    /// A 16-bit value as `0x0A84`.
    static func hexWord(_ word: UInt16) -> String {
        hexByte(UInt8(word >> 8)) + String(hexByte(UInt8(word & 0xFF)).dropFirst(2))
    }

    /// Text in double quotes with `\r`, `\n`, `\t`, `"` , `\` and other control characters escaped;
    /// long text is shortened to `limit` characters.
    static func quoted(_ text: some StringProtocol, limit: Int = 120) -> String {
        var out = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == limit {
                out += "…"
                break
            }
            switch scalar {
            case "\r": out += "\\r"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F {
                    out += "\\x" + String(hexByte(UInt8(scalar.value)).dropFirst(2))
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
            count += 1
        }
        out += "\""
        return out
    }

    /// Bytes shown as quoted text when they are printable ASCII, and always also as hex.
    static func describe(_ bytes: some Collection<UInt8>) -> String {
        let printable = bytes.allSatisfy { ($0 >= 0x20 && $0 < 0x7F) || $0 == 0x0D || $0 == 0x0A || $0 == 0x09 }
        if printable && !bytes.isEmpty {
            return quoted(String(decoding: bytes, as: UTF8.self)) + " [" + hex(bytes) + "]"
        }
        return "[" + hex(bytes) + "]"
    }

    /// Text as quoted, plus its bytes in hex when it holds anything but printable ASCII.
    static func describe(text: String) -> String {
        let plain = text.utf8.allSatisfy { $0 >= 0x20 && $0 < 0x7F }
        if plain { return quoted(text) }
        return quoted(text) + " [" + hex(text.utf8) + "]"
    }
}
