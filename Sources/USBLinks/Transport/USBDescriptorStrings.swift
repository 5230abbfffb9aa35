import CLibUSB

/// The manufacturer, product and serial-number strings of a USB device.
struct USBDescriptorStrings: Equatable {
    var manufacturer: String?
    var product: String?
    var serialNumber: String?
    /// Why libusb could not open the device to read them (a libusb code), if it could not.
    var openError: Int32?

    /// Reads the strings through an open handle.
    static func read(handle: OpaquePointer, record: USBDeviceRecord) -> USBDescriptorStrings {
        USBDescriptorStrings(
            manufacturer: USBDeviceList.string(handle, index: record.manufacturerIndex),
            product: USBDeviceList.string(handle, index: record.productIndex),
            serialNumber: USBDeviceList.string(handle, index: record.serialIndex),
            openError: nil)
    }

    /// Reads the strings the kernel exposes in sysfs (`/sys/bus/usb/devices/1-1.2/serial`), which needs no access to
    /// the device node; all `nil` when sysfs or libudev are unavailable.
    static func readSysfs(sysfsName: String, udev: Udev? = Udev()) -> USBDescriptorStrings {
        guard let device = udev?.device(subsystem: "usb", sysname: sysfsName) else { return USBDescriptorStrings() }
        return USBDescriptorStrings(manufacturer: device.attribute("manufacturer"),
                                    product: device.attribute("product"),
                                    serialNumber: device.attribute("serial"), openError: nil)
    }

    /// Opens the device to read its string descriptors; when that is not permitted, falls back to sysfs and records
    /// the libusb code in ``openError``.
    static func read(record: USBDeviceRecord, udev: Udev?) -> USBDescriptorStrings {
        var handle: OpaquePointer?
        let status = libusb_open(record.device, &handle)
        if status == 0, let handle {
            defer { libusb_close(handle) }
            var strings = read(handle: handle, record: record)
            if strings.serialNumber == nil || strings.manufacturer == nil || strings.product == nil {
                let sysfs = readSysfs(sysfsName: record.info.sysfsName, udev: udev)
                strings.manufacturer = strings.manufacturer ?? sysfs.manufacturer
                strings.product = strings.product ?? sysfs.product
                strings.serialNumber = strings.serialNumber ?? sysfs.serialNumber
            }
            return strings
        }
        var strings = readSysfs(sysfsName: record.info.sysfsName, udev: udev)
        strings.openError = status == 0 ? LIBUSB_ERROR_OTHER.rawValue : status
        return strings
    }
}
