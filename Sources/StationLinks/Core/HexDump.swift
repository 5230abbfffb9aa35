/// Renders bytes for error messages: hex, with printable ASCII alongside, truncated for long inputs.
public enum HexDump {
    /// Renders at most `limit` bytes as `0A 2B … |.+…|`.
    public static func render(_ bytes: some Collection<UInt8>, limit: Int = 64) -> String {
        let shown = bytes.prefix(limit)
        let hex = shown.map { byte in
            let digits = String(byte, radix: 16, uppercase: true)
            return byte < 0x10 ? "0" + digits : digits
        }.joined(separator: " ")
        let ascii = String(shown.map { (0x20..<0x7F).contains($0) ? Character(UnicodeScalar($0)) : "." })
        let more = bytes.count > limit ? " … (\(bytes.count) bytes)" : ""
        return "\(hex) |\(ascii)|\(more)"
    }
}
