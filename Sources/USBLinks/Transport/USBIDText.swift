/// Text forms of USB identifiers and VISA USB resource strings.
enum USBIDText {
    /// `0x1313` (four uppercase hex digits).
    static func hex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16, uppercase: true)
        return "0x" + String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// `1313` (four lowercase hex digits, as sysfs and udev write them).
    static func plainHex(_ value: UInt16) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: max(0, 4 - digits.count)) + digits
    }

    /// Parses four hex digits as sysfs writes them (`1313`), or `0x1313`.
    static func parse(_ text: String) -> UInt16? {
        let trimmed = text.hasPrefix("0x") || text.hasPrefix("0X") ? String(text.dropFirst(2)) : text
        return UInt16(trimmed, radix: 16)
    }

    /// `USB0::0x1313::0x8078::P0001234::INSTR`, with `::<interface>` before `::INSTR` when given.
    static func visa(board: Int, vendorID: UInt16, productID: UInt16, serialNumber: String, interface: Int?) -> String {
        var text = "USB\(board)::\(hex(vendorID))::\(hex(productID))::\(serialNumber)"
        if let interface { text += "::\(interface)" }
        return text + "::INSTR"
    }
}
