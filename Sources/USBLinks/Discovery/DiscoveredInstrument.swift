import StationLinks

/// An instrument or adapter found on this machine, ready to be put into a station file.
public struct DiscoveredInstrument: Sendable, Codable, Hashable {
    /// How the instrument is attached.
    public enum Kind: String, Sendable, Codable, Hashable {
        /// A USBTMC interface (class 0xFE, subclass 0x03), opened with ``USBTMCLink``.
        case usbtmc
        /// A USB-serial adapter's tty.
        case usbSerial = "usb-serial"
    }

    /// The VISA resource string: `USB0::0x1313::0x8078::P0001234::INSTR` or `ASRL/dev/ttyUSB0::INSTR`.
    public var resource: String
    /// How the instrument is attached.
    public var kind: Kind
    /// idVendor.
    public var vendorID: UInt16
    /// idProduct.
    public var productID: UInt16
    /// The manufacturer string, else a known maker's name, else the vendor ID in hex.
    public var vendor: String
    /// The product string, else a known model, else the product ID in hex.
    public var model: String
    /// The serial number, when the device has one and it could be read.
    public var serialNumber: String?
    /// The driver name for the station file, when the IDs are known (`thorlabs-pm100`, `keithley-2450`,
    /// `keysight-e36312a`); `nil` for USB-serial adapters and unknown instruments.
    public var suggestedDriver: String?
    /// Advice: what is probably behind an adapter, or why strings could not be read.
    public var note: String?
    /// The tty device path of a USB-serial adapter.
    public var devicePath: String?
    /// The USBTMC interface number when the device has more than one USBTMC interface (it is then part of the
    /// resource string); `nil` otherwise.
    public var interfaceNumber: Int?

    /// Creates a record.
    public init(resource: String, kind: Kind, vendorID: UInt16, productID: UInt16, vendor: String, model: String,
                serialNumber: String?, suggestedDriver: String?, note: String?, devicePath: String?,
                interfaceNumber: Int?) {
        self.resource = resource
        self.kind = kind
        self.vendorID = vendorID
        self.productID = productID
        self.vendor = vendor
        self.model = model
        self.serialNumber = serialNumber
        self.suggestedDriver = suggestedDriver
        self.note = note
        self.devicePath = devicePath
        self.interfaceNumber = interfaceNumber
    }

    /// The resource as a ``StationLinks/ResourceString`` value.
    public var resourceString: ResourceString {
        switch kind {
        case .usbtmc:
            return .usb(board: 0, vendorID: vendorID, productID: productID, serialNumber: serialNumber ?? "",
                        interface: interfaceNumber)
        case .usbSerial:
            return .serial(device: devicePath ?? "")
        }
    }

    /// `0x1313:0x8078`.
    public var idText: String {
        "\(USBIDText.hex(vendorID)):\(USBIDText.hex(productID))"
    }
}
