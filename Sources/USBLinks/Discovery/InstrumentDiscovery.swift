/// Lists the instruments attached to this machine: USBTMC interfaces through libusb and USB-serial adapters
/// through libudev. Blocks for as long as reading string descriptors takes (milliseconds per device).
public enum InstrumentDiscovery {
    /// Everything found, USBTMC instruments first, each group sorted by resource string. A machine with nothing
    /// attached gives an empty list.
    ///
    /// - Parameter context: the libusb context to use; a new one when `nil`.
    /// - Throws: ``InstrumentDiscoveryError`` when libusb or libudev cannot start.
    public static func scan(context: USBContext? = nil) throws(InstrumentDiscoveryError) -> [DiscoveredInstrument] {
        let usb: USBContext
        if let context {
            usb = context
        } else {
            do throws(USBError) {
                usb = try USBContext(logLevel: .none)
            } catch {
                throw .usb(error)
            }
        }
        return try scanUSBTMC(context: usb) + scanSerialAdapters()
    }

    /// USBTMC interfaces (class 0xFE, subclass 0x03). Manufacturer, product and serial strings come from the
    /// device when it may be opened, else from sysfs, else from the ID tables.
    public static func scanUSBTMC(context: USBContext) throws(InstrumentDiscoveryError) -> [DiscoveredInstrument] {
        let listingFailed: (USBError) -> InstrumentDiscoveryError = { .usb($0) }
        return try USBDeviceList.withDevices(in: context, listingFailed: listingFailed) {
            records throws(InstrumentDiscoveryError) in
            let udev = Udev()
            var found: [DiscoveredInstrument] = []
            for record in records where !record.info.usbtmcInterfaces.isEmpty {
                let strings = USBDescriptorStrings.read(record: record, udev: udev)
                found += instruments(record.info, strings: strings)
            }
            return found.sorted { $0.resource < $1.resource }
        }
    }

    /// USB-serial adapters of the known chips (FTDI, PL2303, CP210x, CH340/CH341) with a tty, from libudev:
    /// `ID_VENDOR_ID`, `ID_MODEL_ID` and `ID_SERIAL_SHORT` when udevd has recorded them, else the sysfs attributes
    /// of the USB device.
    public static func scanSerialAdapters() throws(InstrumentDiscoveryError) -> [DiscoveredInstrument] {
        guard let udev = Udev(), let ttys = udev.devices(subsystem: "tty") else {
            throw .udev(subsystem: "tty")
        }
        var found: [DiscoveredInstrument] = []
        for tty in ttys {
            guard let usb = tty.ancestor(subsystem: "usb", devtype: "usb_device"),
                  let vendorID = (tty.property("ID_VENDOR_ID") ?? usb.attribute("idVendor")).flatMap(USBIDText.parse),
                  let productID = (tty.property("ID_MODEL_ID") ?? usb.attribute("idProduct")).flatMap(USBIDText.parse),
                  let chip = KnownUSBDevices.serialChip(vendorID: vendorID, productID: productID),
                  let path = tty.deviceNode ?? tty.sysname.map({ "/dev/" + $0 }) else { continue }
            let serial = tty.property("ID_SERIAL_SHORT") ?? usb.attribute("serial")
            found.append(DiscoveredInstrument(
                resource: "ASRL\(path)::INSTR", kind: .usbSerial, vendorID: vendorID, productID: productID,
                vendor: usb.attribute("manufacturer") ?? chip.vendor,
                model: usb.attribute("product") ?? chip.chip,
                serialNumber: serial, suggestedDriver: nil, note: KnownUSBDevices.serialAdapterNote,
                devicePath: path, interfaceNumber: nil))
        }
        return found.sorted { $0.resource < $1.resource }
    }

    /// One record per USBTMC interface of a device.
    static func instruments(_ info: USBDeviceInfo, strings: USBDescriptorStrings) -> [DiscoveredInstrument] {
        let known = KnownUSBDevices.instrument(vendorID: info.vendorID, productID: info.productID)
        var notes: [String] = []
        if let code = strings.openError {
            notes.append("libusb cannot open \(USBTMCOpener.devicePath(bus: info.bus, address: info.address))"
                + " (\(LibUSBErrorText.name(code))), so a link to it will fail too: " + USBTMCOpener.permissionAdvice)
        }
        if strings.serialNumber == nil {
            notes.append("no serial number could be read; the resource matches any device with these IDs")
        }
        let several = info.usbtmcInterfaces.count > 1
        return info.usbtmcInterfaces.map { interface in
            let number = several ? Int(interface.number) : nil
            return DiscoveredInstrument(
                resource: USBIDText.visa(board: 0, vendorID: info.vendorID, productID: info.productID,
                                         serialNumber: strings.serialNumber ?? "", interface: number),
                kind: .usbtmc, vendorID: info.vendorID, productID: info.productID,
                vendor: strings.manufacturer ?? known?.vendor ?? KnownUSBDevices.vendorName(vendorID: info.vendorID)
                    ?? USBIDText.hex(info.vendorID),
                model: strings.product ?? known?.model ?? USBIDText.hex(info.productID),
                serialNumber: strings.serialNumber, suggestedDriver: known?.driver,
                note: notes.isEmpty ? nil : notes.joined(separator: "; "), devicePath: nil, interfaceNumber: number)
        }
    }
}
