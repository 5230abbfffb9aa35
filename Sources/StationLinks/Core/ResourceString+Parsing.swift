/// Parsing, canonical printing and single-string coding of ``ResourceString``.
extension ResourceString: CustomStringConvertible, Codable {
    /// Parses a VISA-style address. Keywords (`ASRL`, `USB`, `TCPIP`, `INSTR`, `SOCKET`, `sim`) are
    /// case-insensitive; device paths, serial numbers and host names keep their case. Vendor and product IDs
    /// may be hexadecimal (`0x1313`) or decimal (`4883`).
    ///
    /// - Throws: ``ResourceStringError`` quoting the input, saying what is wrong and listing the accepted forms.
    public init(parsing text: String) throws {
        let trimmed = text.trimmingWhitespace()
        func fail(_ reason: String) -> ResourceStringError { ResourceStringError(input: text, reason: reason) }
        guard !trimmed.isEmpty else { throw fail("it is empty") }
        if trimmed.lowercased() == "sim" {
            self = .simulated
            return
        }
        let upper = trimmed.uppercased()
        if upper.hasPrefix("ASRL") {
            self = try Self.parseSerial(trimmed, fail: fail)
        } else if upper.hasPrefix("USB") {
            self = try Self.parseUSB(trimmed, fail: fail)
        } else if upper.hasPrefix("TCPIP") {
            self = try Self.parseTCP(trimmed, fail: fail)
        } else {
            throw fail("it does not start with ASRL, USB, TCPIP or sim")
        }
    }

    /// The canonical form, e.g. `ASRL/dev/ttyUSB0::INSTR`, `USB0::0x1313::0x8078::P0001234::INSTR`,
    /// `TCPIP0::127.0.0.1::5025::SOCKET` or `sim`. Parsing it gives back the same value.
    public var description: String {
        switch self {
        case .serial(let device):
            return "ASRL\(device)::INSTR"
        case .usb(let board, let vendorID, let productID, let serialNumber, let interface):
            let head = "USB\(board)::\(Self.hex4(vendorID))::\(Self.hex4(productID))::\(serialNumber)"
            if let interface { return "\(head)::\(interface)::INSTR" }
            return "\(head)::INSTR"
        case .tcpSocket(let board, let host, let port):
            return "TCPIP\(board)::\(Self.shown(host))::\(port)::SOCKET"
        case .vxi11(let board, let host, let device):
            return "TCPIP\(board)::\(Self.shown(host))::\(device)::INSTR"
        case .hislip(let board, let host, let device, let port):
            let suffix = port.map { ",\($0)" } ?? ""
            return "TCPIP\(board)::\(Self.shown(host))::\(device)\(suffix)::INSTR"
        case .simulated:
            return "sim"
        }
    }

    /// The wire protocol a resource is reached by, as `validate` explains it.
    public var protocolDescription: String {
        switch self {
        case .serial: return "serial port"
        case .usb: return "USBTMC"
        case .tcpSocket(_, _, let port): return "raw SCPI socket on TCP port \(port) (no device clear, no locking)"
        case .vxi11(_, _, let device):
            return "VXI-11 (ONC RPC; the core channel is found through the host's portmapper), device \(device)"
        case .hislip(_, _, let device, let port):
            return "HiSLIP (IVI-6.1) on TCP port \(port ?? 4880), sub-address \(device)"
        case .simulated: return "served by the bench simulator"
        }
    }

    /// Whether the resource is a VXI-11 instrument, found through the host's portmapper.
    public var usesPortmapper: Bool {
        if case .vxi11 = self { return true }
        return false
    }

    /// A host as a resource string shows it: an IPv6 address in brackets.
    private static func shown(_ host: String) -> String { host.contains(":") ? "[\(host)]" : host }

    /// Decodes from a single string such as `"TCPIP0::127.0.0.1::5025::SOCKET"`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let text = try container.decode(String.self)
        do {
            try self.init(parsing: text)
        } catch let error as ResourceStringError {
            throw DecodingError.dataCorruptedError(in: container, debugDescription: error.description)
        }
    }

    /// Encodes as the canonical string.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }

    // MARK: - Forms

    private static func parseSerial(
        _ text: String, fail: (String) -> ResourceStringError
    ) throws -> ResourceString {
        let body = String(text.dropFirst(4))
        guard body.uppercased().hasSuffix("::INSTR") else {
            throw fail("a serial resource must end with ::INSTR")
        }
        let address = String(body.dropLast(7))
        if address.hasPrefix("/") {
            guard address.count > 1, !address.contains("::") else {
                throw fail("the serial device path \"\(address)\" is not a device path")
            }
            return .serial(device: address)
        }
        guard !address.isEmpty else { throw fail("the serial port number or device path is missing") }
        guard let number = Int(address), number >= 1 else {
            throw fail("\"\(address)\" is neither a device path (starting with /) nor a port number 1 or more")
        }
        return .serial(device: "/dev/ttyS\(number - 1)")
    }

    private static func parseUSB(_ text: String, fail: (String) -> ResourceStringError) throws -> ResourceString {
        let fields = text.splitOnDoubleColon()
        let board = try boardNumber(fields[0], keyword: "USB", fail: fail)
        guard let last = fields.last, last.uppercased() == "INSTR" else {
            throw fail("a USB resource must end with ::INSTR")
        }
        guard fields.count == 5 || fields.count == 6 else {
            throw fail("a USB resource has the fields USB<board>::<vendor ID>::<product ID>::<serial number>"
                + "[::<interface>]::INSTR, but \(fields.count) field(s) were given")
        }
        let vendorID = try usbID(fields[1], what: "vendor ID", fail: fail)
        let productID = try usbID(fields[2], what: "product ID", fail: fail)
        let serialNumber = fields[3]
        guard !serialNumber.isEmpty else { throw fail("the USB serial number is empty") }
        var interface: Int?
        if fields.count == 6 {
            guard let number = Int(fields[4]), number >= 0, number <= 255 else {
                throw fail("the USB interface number \"\(fields[4])\" is not a number from 0 to 255")
            }
            interface = number
        }
        return .usb(board: board, vendorID: vendorID, productID: productID, serialNumber: serialNumber,
                    interface: interface)
    }

    private static func parseTCP(_ text: String, fail: (String) -> ResourceStringError) throws -> ResourceString {
        // An IPv6 literal is written in brackets, e.g. TCPIP0::[::1]::5025::SOCKET.
        var fields: [String]
        var bracketedHost: String?
        if let open = text.firstRange(of: "::["), let close = text[open.upperBound...].firstRange(of: "]::") {
            bracketedHost = String(text[open.upperBound..<close.lowerBound])
            let before = String(text[text.startIndex..<open.lowerBound])
            let after = String(text[close.upperBound...])
            fields = [before, "[]"] + after.splitOnDoubleColon()
        } else {
            fields = text.splitOnDoubleColon()
        }
        let board = try boardNumber(fields[0], keyword: "TCPIP", fail: fail)
        let suffix = fields.last?.uppercased() ?? ""
        if suffix == "INSTR" { return try parseLANInstrument(fields, bracketedHost: bracketedHost, board: board, fail: fail) }
        guard suffix == "SOCKET" else { throw fail("a TCPIP resource must end with ::SOCKET") }
        guard fields.count == 4 else {
            throw fail("a TCPIP resource has the fields TCPIP<board>::<host>::<port>::SOCKET, "
                + "but \(fields.count) field(s) were given")
        }
        let host = bracketedHost ?? fields[1]
        guard !host.isEmpty else { throw fail("the host is empty") }
        guard let port = Int(fields[2]) else { throw fail("the port \"\(fields[2])\" is not a number") }
        guard port >= 1, port <= 65535 else { throw fail("the port must be between 1 and 65535, not \(port)") }
        return .tcpSocket(board: board, host: host, port: UInt16(port))
    }

    /// `TCPIP[board]::host[::device]::INSTR`: a `hislipN[,port]` device is HiSLIP, any other (default `inst0`)
    /// VXI-11 (VISA's resource-name grammar, VPP-4.3 §4.3.1.1).
    private static func parseLANInstrument(
        _ fields: [String], bracketedHost: String?, board: Int, fail: (String) -> ResourceStringError
    ) throws -> ResourceString {
        guard fields.count == 3 || fields.count == 4 else {
            throw fail("a TCPIP INSTR resource has the fields TCPIP<board>::<host>[::inst0|hislip0[,port]]::INSTR, "
                + "but \(fields.count) field(s) were given")
        }
        let host = bracketedHost ?? fields[1]
        guard !host.isEmpty else { throw fail("the host is empty") }
        let device = fields.count == 4 ? fields[2] : "inst0"
        guard !device.isEmpty, !device.contains(" ") else { throw fail("the LAN device name \"\(device)\" is empty or has spaces") }
        guard device.lowercased().hasPrefix("hislip") else { return .vxi11(board: board, host: host, device: device) }
        let parts = device.split(separator: ",", omittingEmptySubsequences: false).map(String.init)
        guard parts.count <= 2 else { throw fail("the HiSLIP device \"\(device)\" has more than one comma") }
        let name = parts[0]
        guard name.count > 6, Int(name.dropFirst(6)) != nil else {
            throw fail("the HiSLIP sub-address \"\(name)\" must be hislip followed by a number, e.g. hislip0")
        }
        var port: UInt16?
        if parts.count == 2 {
            guard let number = Int(parts[1]), number >= 1, number <= 65535 else {
                throw fail("the HiSLIP port \"\(parts[1])\" must be a number between 1 and 65535")
            }
            port = UInt16(number)
        }
        return .hislip(board: board, host: host, device: name, port: port)
    }

    // MARK: - Fields

    private static func boardNumber(
        _ field: String, keyword: String, fail: (String) -> ResourceStringError
    ) throws -> Int {
        let digits = field.dropFirst(keyword.count)
        if digits.isEmpty { return 0 }
        guard let board = Int(digits), board >= 0 else {
            throw fail("\"\(field)\" must be \(keyword) followed by a board number, e.g. \(keyword)0")
        }
        return board
    }

    private static func usbID(
        _ field: String, what: String, fail: (String) -> ResourceStringError
    ) throws -> UInt16 {
        guard !field.isEmpty else { throw fail("the USB \(what) is missing") }
        let lower = field.lowercased()
        let value: UInt16?
        if lower.hasPrefix("0x") {
            value = UInt16(lower.dropFirst(2), radix: 16)
        } else {
            value = UInt16(lower, radix: 10)
        }
        guard let value else {
            throw fail("the USB \(what) \"\(field)\" is not a 16-bit number in hexadecimal (0x1313) or decimal")
        }
        return value
    }

    private static func hex4(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }
}

extension String {
    /// Splits on `::`, keeping empty fields.
    fileprivate func splitOnDoubleColon() -> [String] {
        var fields: [String] = []
        var rest = self[...]
        while let range = rest.firstRange(of: "::") {
            fields.append(String(rest[rest.startIndex..<range.lowerBound]))
            rest = rest[range.upperBound...]
        }
        fields.append(String(rest))
        return fields
    }

    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        let isSpace: (Unicode.Scalar) -> Bool = { $0.properties.isWhitespace }
        guard let first = scalars.firstIndex(where: { !isSpace($0) }),
              let last = scalars.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(scalars[first...last])
    }
}
