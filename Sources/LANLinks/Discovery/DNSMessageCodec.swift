/// Encodes mDNS queries and decodes responses (RFC 1035 §4, RFC 6762, RFC 6763), sans I/O.
///
/// Queries are sent from a port other than 5353, so responders answer with a unicast "legacy" response to that
/// port (RFC 6762 §6.7); no multicast group need be joined to hear them.
public enum DNSMessageCodec {
    /// Record types.
    public static let typeA: UInt16 = 1
    /// PTR.
    public static let typePTR: UInt16 = 12
    /// TXT.
    public static let typeTXT: UInt16 = 16
    /// SRV.
    public static let typeSRV: UInt16 = 33

    /// A query with one PTR question per name (e.g. `_lxi._tcp.local`), class IN.
    public static func query(id: UInt16, pointerNames: [String]) -> [UInt8] {
        var bytes: [UInt8] = []
        append16(id, to: &bytes)
        append16(0, to: &bytes)  // standard query
        append16(UInt16(truncatingIfNeeded: pointerNames.count), to: &bytes)
        append16(0, to: &bytes)
        append16(0, to: &bytes)
        append16(0, to: &bytes)
        for name in pointerNames {
            for label in name.split(separator: ".") {
                let utf8 = Array(label.utf8.prefix(63))
                bytes.append(UInt8(utf8.count))
                bytes += utf8
            }
            bytes.append(0)
            append16(typePTR, to: &bytes)
            append16(1, to: &bytes)
        }
        return bytes
    }

    /// The answer, authority and additional records of a response.
    public static func records(in message: [UInt8]) throws(DNSDecodingError) -> [DNSRecord] {
        var offset = 0
        func read16(_ field: String) throws(DNSDecodingError) -> UInt16 {
            guard offset + 2 <= message.count else { throw .truncated(field: field) }
            defer { offset += 2 }
            return UInt16(message[offset]) << 8 | UInt16(message[offset + 1])
        }
        _ = try read16("id")
        _ = try read16("flags")
        let questions = Int(try read16("qdcount"))
        let count = Int(try read16("ancount")) + Int(try read16("nscount")) + Int(try read16("arcount"))
        for _ in 0..<questions {
            _ = try name(at: &offset, in: message)
            _ = try read16("qtype")
            _ = try read16("qclass")
        }
        var records: [DNSRecord] = []
        for _ in 0..<count {
            let owner = try name(at: &offset, in: message)
            let type = try read16("type")
            _ = try read16("class")
            _ = try read16("ttl")
            _ = try read16("ttl")
            let length = Int(try read16("rdlength"))
            guard offset + length <= message.count else { throw .truncated(field: "rdata") }
            let start = offset
            let data: DNSRecord.Data
            switch type {
            case typePTR:
                var at = start
                data = .pointer(try name(at: &at, in: message))
            case typeSRV:
                guard length >= 7 else { throw .truncated(field: "SRV") }
                let port = UInt16(message[start + 4]) << 8 | UInt16(message[start + 5])
                var at = start + 6
                data = .service(target: try name(at: &at, in: message), port: port)
            case typeTXT:
                var strings: [String] = []
                var at = start
                while at < start + length {
                    let size = Int(message[at])
                    guard at + 1 + size <= start + length else { throw .truncated(field: "TXT") }
                    strings.append(String(decoding: message[(at + 1)..<(at + 1 + size)], as: UTF8.self))
                    at += 1 + size
                }
                data = .text(strings)
            case typeA where length == 4:
                data = .address(message[start..<(start + 4)].map(String.init).joined(separator: "."))
            default:
                data = .other(type: type)
            }
            offset = start + length
            records.append(DNSRecord(name: owner, data: data))
        }
        return records
    }

    /// Reads a possibly compressed name (RFC 1035 §4.1.4) at `offset`, leaving `offset` after it.
    static func name(at offset: inout Int, in message: [UInt8]) throws(DNSDecodingError) -> String {
        var labels: [String] = []
        var position = offset
        var jumped = false
        var jumps = 0
        var length = 0
        let start = offset
        while true {
            guard position < message.count else { throw .truncated(field: "name") }
            let size = Int(message[position])
            if size == 0 {
                if !jumped { offset = position + 1 }
                return labels.joined(separator: ".")
            }
            if size & 0xC0 == 0xC0 {
                guard position + 1 < message.count else { throw .truncated(field: "name pointer") }
                let target = (size & 0x3F) << 8 | Int(message[position + 1])
                jumps += 1
                guard target < message.count, jumps <= 32 else { throw .badName(offset: start) }
                if !jumped { offset = position + 2 }
                jumped = true
                position = target
                continue
            }
            guard size <= 63, position + 1 + size <= message.count else { throw .badName(offset: start) }
            length += size + 1
            guard length <= 255 else { throw .badName(offset: start) }
            labels.append(String(decoding: message[(position + 1)..<(position + 1 + size)], as: UTF8.self))
            position += 1 + size
        }
    }

    private static func append16(_ value: UInt16, to bytes: inout [UInt8]) {
        bytes.append(UInt8(value >> 8))
        bytes.append(UInt8(truncatingIfNeeded: value))
    }
}
