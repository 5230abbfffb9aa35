/// The USBTMC device a link is asked to open.
struct USBTMCTarget: Sendable, Equatable {
    var board: Int
    var vendorID: UInt16
    var productID: UInt16
    /// Empty matches any serial number.
    var serialNumber: String
    var interface: Int?

    /// `USB0::0x1313::0x8078::P0001234::INSTR`.
    var resourceText: String {
        USBIDText.visa(board: board, vendorID: vendorID, productID: productID, serialNumber: serialNumber,
                       interface: interface)
    }

    /// `USBTMC device 0x1313:0x8078 serial P0001234` (and the interface when one was asked for).
    var name: String {
        var text = "USBTMC device \(USBIDText.hex(vendorID)):\(USBIDText.hex(productID))"
        if !serialNumber.isEmpty { text += " serial \(serialNumber)" }
        if let interface { text += " interface \(interface)" }
        return text
    }

    /// Whether a device reporting `serial` is the one asked for (any serial when none was given).
    func accepts(serial: String?) -> Bool {
        serialNumber.isEmpty || serial?.trimmed(of: " \t") == serialNumber.trimmed(of: " \t")
    }

    /// The USBTMC interface to claim: the one asked for, else the first.
    func interface(of info: USBDeviceInfo) -> USBTMCInterfaceInfo? {
        guard let interface else { return info.usbtmcInterfaces.first }
        return info.usbtmcInterfaces.first { Int($0.number) == interface }
    }
}
