/// A USB device as libusb enumerates it, without opening it.
public struct USBDeviceInfo: Sendable, Equatable, Codable {
    /// idVendor.
    public var vendorID: UInt16
    /// idProduct.
    public var productID: UInt16
    /// Bus number.
    public var bus: UInt8
    /// Device address on the bus (changes on every plug-in).
    public var address: UInt8
    /// The sysfs name, e.g. `1-1.2` (bus, then the port path); stable while the cable stays in the same port.
    public var sysfsName: String
    /// The USBTMC interfaces (class 0xFE, subclass 0x03) of the active configuration.
    public var usbtmcInterfaces: [USBTMCInterfaceInfo]

    /// Creates a device record.
    public init(vendorID: UInt16, productID: UInt16, bus: UInt8, address: UInt8, sysfsName: String,
                usbtmcInterfaces: [USBTMCInterfaceInfo]) {
        self.vendorID = vendorID
        self.productID = productID
        self.bus = bus
        self.address = address
        self.sysfsName = sysfsName
        self.usbtmcInterfaces = usbtmcInterfaces
    }

    /// `0x1313:0x8078`.
    public var idText: String {
        "\(USBIDText.hex(vendorID)):\(USBIDText.hex(productID))"
    }
}

/// One USBTMC interface of a device and its endpoints.
public struct USBTMCInterfaceInfo: Sendable, Equatable, Codable {
    /// bInterfaceNumber.
    public var number: UInt8
    /// bInterfaceProtocol: 0 plain USBTMC, 1 USB488.
    public var interfaceProtocol: UInt8
    /// Bulk-IN endpoint address (bit 7 set), if present.
    public var bulkIn: UInt8?
    /// Bulk-OUT endpoint address, if present.
    public var bulkOut: UInt8?
    /// Interrupt-IN endpoint address (USB488 status byte and service requests), if present.
    public var interruptIn: UInt8?
    /// wMaxPacketSize of the Bulk-IN endpoint (0 when absent).
    public var bulkInMaxPacketSize: Int
    /// wMaxPacketSize of the Bulk-OUT endpoint (0 when absent).
    public var bulkOutMaxPacketSize: Int

    /// Creates an interface record.
    public init(number: UInt8, interfaceProtocol: UInt8, bulkIn: UInt8?, bulkOut: UInt8?, interruptIn: UInt8?,
                bulkInMaxPacketSize: Int, bulkOutMaxPacketSize: Int) {
        self.number = number
        self.interfaceProtocol = interfaceProtocol
        self.bulkIn = bulkIn
        self.bulkOut = bulkOut
        self.interruptIn = interruptIn
        self.bulkInMaxPacketSize = bulkInMaxPacketSize
        self.bulkOutMaxPacketSize = bulkOutMaxPacketSize
    }

    /// Whether the interface speaks USB488 (bInterfaceProtocol 1).
    public var isUSB488: Bool {
        interfaceProtocol == 1
    }
}
