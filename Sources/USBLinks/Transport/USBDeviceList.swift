import CLibUSB

/// One device of a libusb device list; `device` is valid only while the list is alive.
struct USBDeviceRecord {
    /// The `libusb_device *`.
    let device: OpaquePointer
    /// What callers may keep.
    let info: USBDeviceInfo
    /// String descriptor indexes (0 when the device has none).
    let manufacturerIndex: UInt8
    let productIndex: UInt8
    let serialIndex: UInt8
}

/// Enumerates devices through libusb and reads their USBTMC interfaces from the configuration descriptor.
enum USBDeviceList {
    /// USBTMC interface class and subclass.
    static let usbtmcClass: UInt8 = 0xFE
    static let usbtmcSubclass: UInt8 = 0x03

    /// Calls `body` with every device of `context`; the records are valid only inside `body`. A listing failure
    /// goes through `listingFailed`.
    static func withDevices<Result, Failure: Error>(
        in context: USBContext, listingFailed: (USBError) -> Failure,
        _ body: ([USBDeviceRecord]) throws(Failure) -> Result
    ) throws(Failure) -> Result {
        var list: UnsafeMutablePointer<OpaquePointer?>?
        let count = libusb_get_device_list(context.pointer, &list)
        guard count >= 0, let list else {
            throw listingFailed(USBError(code: Int32(truncatingIfNeeded: count), operation: "libusb_get_device_list"))
        }
        defer { libusb_free_device_list(list, 1) }
        var records: [USBDeviceRecord] = []
        for position in 0..<Int(count) {
            guard let device = list[position], let record = record(for: device) else { continue }
            records.append(record)
        }
        return try body(records)
    }

    /// Reads the device descriptor and the USBTMC interfaces of `device`; `nil` when the descriptor is unreadable.
    static func record(for device: OpaquePointer) -> USBDeviceRecord? {
        var descriptor = libusb_device_descriptor()
        guard libusb_get_device_descriptor(device, &descriptor) == 0 else { return nil }
        let bus = libusb_get_bus_number(device)
        var ports = [UInt8](repeating: 0, count: 8)
        let portCount = libusb_get_port_numbers(device, &ports, Int32(ports.count))
        let path = portCount > 0 ? ports.prefix(Int(portCount)).map(String.init).joined(separator: ".") : ""
        let sysfsName = path.isEmpty ? "usb\(bus)" : "\(bus)-\(path)"
        let info = USBDeviceInfo(
            vendorID: descriptor.idVendor, productID: descriptor.idProduct, bus: bus,
            address: libusb_get_device_address(device), sysfsName: sysfsName,
            usbtmcInterfaces: usbtmcInterfaces(of: device))
        return USBDeviceRecord(device: device, info: info, manufacturerIndex: descriptor.iManufacturer,
                               productIndex: descriptor.iProduct, serialIndex: descriptor.iSerialNumber)
    }

    /// The USBTMC interfaces (first alternate setting) of the active configuration, or of configuration 0 when the
    /// device is not configured.
    static func usbtmcInterfaces(of device: OpaquePointer) -> [USBTMCInterfaceInfo] {
        var config: UnsafeMutablePointer<libusb_config_descriptor>?
        if libusb_get_active_config_descriptor(device, &config) != 0 || config == nil {
            config = nil
            guard libusb_get_config_descriptor(device, 0, &config) == 0 else { return [] }
        }
        guard let config else { return [] }
        defer { libusb_free_config_descriptor(config) }
        var found: [USBTMCInterfaceInfo] = []
        for interfaceIndex in 0..<Int(config.pointee.bNumInterfaces) {
            let interface = config.pointee.interface[interfaceIndex]
            guard interface.num_altsetting > 0, let settings = interface.altsetting else { continue }
            let setting = settings[0]
            guard setting.bInterfaceClass == usbtmcClass, setting.bInterfaceSubClass == usbtmcSubclass else {
                continue
            }
            found.append(describe(setting))
        }
        return found
    }

    /// The endpoints of one USBTMC interface descriptor.
    static func describe(_ setting: libusb_interface_descriptor) -> USBTMCInterfaceInfo {
        var info = USBTMCInterfaceInfo(number: setting.bInterfaceNumber, interfaceProtocol: setting.bInterfaceProtocol,
                                       bulkIn: nil, bulkOut: nil, interruptIn: nil, bulkInMaxPacketSize: 0,
                                       bulkOutMaxPacketSize: 0)
        guard let endpoints = setting.endpoint else { return info }
        for index in 0..<Int(setting.bNumEndpoints) {
            let endpoint = endpoints[index]
            let isIn = endpoint.bEndpointAddress & 0x80 != 0
            let size = Int(endpoint.wMaxPacketSize & 0x07FF)
            switch (endpoint.bmAttributes & 0x03, isIn) {
            case (UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue), true) where info.bulkIn == nil:
                info.bulkIn = endpoint.bEndpointAddress
                info.bulkInMaxPacketSize = size
            case (UInt8(LIBUSB_TRANSFER_TYPE_BULK.rawValue), false) where info.bulkOut == nil:
                info.bulkOut = endpoint.bEndpointAddress
                info.bulkOutMaxPacketSize = size
            case (UInt8(LIBUSB_TRANSFER_TYPE_INTERRUPT.rawValue), true) where info.interruptIn == nil:
                info.interruptIn = endpoint.bEndpointAddress
            default:
                break
            }
        }
        return info
    }

    /// Reads string descriptor `index` through an open handle; `nil` when the device has none or refuses.
    static func string(_ handle: OpaquePointer, index: UInt8) -> String? {
        guard index != 0 else { return nil }
        var buffer = [UInt8](repeating: 0, count: 256)
        let length = libusb_get_string_descriptor_ascii(handle, index, &buffer, Int32(buffer.count))
        guard length > 0 else { return nil }
        let text = String(decoding: buffer.prefix(Int(length)), as: UTF8.self)
            .trimmed(of: " \t\0")
        return text.isEmpty ? nil : text
    }
}

extension String {
    /// The string without leading and trailing characters from `set`.
    func trimmed(of set: String) -> String {
        let unwanted = Set(set)
        let start = firstIndex { !unwanted.contains($0) } ?? endIndex
        let end = lastIndex { !unwanted.contains($0) }.map { index(after: $0) } ?? start
        return start < end ? String(self[start..<end]) : ""
    }
}
