import CUdev

/// A libudev context (`udev_new` … `udev_unref`), used on one thread at a time.
final class Udev {
    let pointer: OpaquePointer

    /// `nil` when libudev cannot start (out of memory).
    init?() {
        guard let pointer = udev_new() else { return nil }
        self.pointer = pointer
    }

    deinit {
        udev_unref(pointer)
    }

    /// The device `/sys/bus/<subsystem>/devices/<sysname>`, e.g. (`usb`, `1-1.2`).
    func device(subsystem: String, sysname: String) -> UdevDevice? {
        udev_device_new_from_subsystem_sysname(pointer, subsystem, sysname).map(UdevDevice.init(owning:))
    }

    /// Every device of `subsystem` (e.g. `tty`); `nil` when the enumeration fails.
    func devices(subsystem: String) -> [UdevDevice]? {
        guard let enumerate = udev_enumerate_new(pointer) else { return nil }
        defer { udev_enumerate_unref(enumerate) }
        guard udev_enumerate_add_match_subsystem(enumerate, subsystem) >= 0,
              udev_enumerate_scan_devices(enumerate) >= 0 else { return nil }
        var devices: [UdevDevice] = []
        var entry = udev_enumerate_get_list_entry(enumerate)
        while let current = entry {
            if let path = udev_list_entry_get_name(current),
               let device = udev_device_new_from_syspath(pointer, path) {
                devices.append(UdevDevice(owning: device))
            }
            entry = udev_list_entry_get_next(current)
        }
        return devices
    }
}

/// A referenced `udev_device`.
final class UdevDevice {
    let pointer: OpaquePointer

    /// Takes over one reference to `pointer`.
    init(owning pointer: OpaquePointer) {
        self.pointer = pointer
    }

    deinit {
        udev_device_unref(pointer)
    }

    /// `ID_VENDOR_ID` and other properties from the udev database (absent when udevd does not run).
    func property(_ name: String) -> String? {
        Self.text(udev_device_get_property_value(pointer, name))
    }

    /// A sysfs attribute such as `idVendor` or `serial`.
    func attribute(_ name: String) -> String? {
        Self.text(udev_device_get_sysattr_value(pointer, name))
    }

    /// `/dev/ttyUSB0`.
    var deviceNode: String? {
        Self.text(udev_device_get_devnode(pointer))
    }

    /// `ttyUSB0`.
    var sysname: String? {
        Self.text(udev_device_get_sysname(pointer))
    }

    /// The nearest ancestor of `subsystem`/`devtype`, e.g. the `usb`/`usb_device` behind a tty.
    func ancestor(subsystem: String, devtype: String) -> UdevDevice? {
        guard let parent = udev_device_get_parent_with_subsystem_devtype(pointer, subsystem, devtype),
              let referenced = udev_device_ref(parent) else { return nil }
        return UdevDevice(owning: referenced)
    }

    private static func text(_ value: UnsafePointer<CChar>?) -> String? {
        guard let value else { return nil }
        let text = String(cString: value).trimmed(of: " \t\n")
        return text.isEmpty ? nil : text
    }
}
