import CLibUSB
import StationLinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Finds the USBTMC device a link asks for, opens it and claims its interface.
enum USBTMCOpener {
    /// What a technician does when the device node is not accessible.
    static let permissionAdvice = "install udev/70-qualstation.rules into /etc/udev/rules.d, run"
        + " `sudo udevadm control --reload-rules && sudo udevadm trigger`, add the user to group qualstation"
        + " (`sudo usermod -aG qualstation $USER`) and log in again"

    /// Opens `target` through `context`; throws ``StationLinks/LinkError`` of kind `.cannotOpen` naming the
    /// device and what was found instead.
    static func open(_ target: USBTMCTarget, context: USBContext, options: USBTMCLink.Options)
        throws(LinkError) -> USBTMCSession {
        let resource = target.resourceText
        let listingFailed: (USBError) -> LinkError = { error in
            LinkError(.cannotOpen(errno: LibUSBErrorText.errno(error.code)), resource: resource, operation: "open",
                      detail: "listing USB devices: \(error)")
        }
        return try USBDeviceList.withDevices(in: context, listingFailed: listingFailed) { records throws(LinkError) in
            try open(target, among: records, context: context, options: options)
        }
    }

    private static func open(_ target: USBTMCTarget, among records: [USBDeviceRecord], context: USBContext,
                             options: USBTMCLink.Options) throws(LinkError) -> USBTMCSession {
        let sameID = records.filter { $0.info.vendorID == target.vendorID && $0.info.productID == target.productID }
        let udev = Udev()
        var others: [String] = []
        var unreadable: [(record: USBDeviceRecord, status: Int32)] = []
        for record in sameID {
            guard let interface = target.interface(of: record.info) else {
                let wanted = target.interface.map { "USBTMC interface \($0)" } ?? "USBTMC interface"
                others.append("\(location(record)) has no \(wanted)")
                continue
            }
            var opened: OpaquePointer?
            let status = libusb_open(record.device, &opened)
            guard status == 0, let handle = opened else {
                let serial = USBDescriptorStrings.readSysfs(sysfsName: record.info.sysfsName, udev: udev).serialNumber
                if let serial, !target.accepts(serial: serial) {
                    others.append("serial \(serial)")
                } else if serial == nil && !target.serialNumber.isEmpty {
                    unreadable.append((record, status))
                } else {
                    throw openFailure(status, record: record, target: target, note: nil)
                }
                continue
            }
            let serial = USBDeviceList.string(handle, index: record.serialIndex)
                ?? USBDescriptorStrings.readSysfs(sysfsName: record.info.sysfsName, udev: udev).serialNumber
            guard target.accepts(serial: serial) else {
                libusb_close(handle)
                others.append("serial \(serial ?? "(none)")")
                continue
            }
            return try claim(handle: handle, record: record, interface: interface, serialNumber: serial ?? "",
                             target: target, context: context, options: options)
        }
        if let first = unreadable.first {
            throw openFailure(first.status, record: first.record, target: target,
                              note: "its serial number cannot be read, so it may be the device asked for")
        }
        let found = sameID.isEmpty ? "found 0 matching devices"
            : "found \(sameID.count) matching device\(sameID.count == 1 ? "" : "s")"
                + " \(USBIDText.hex(target.vendorID)):\(USBIDText.hex(target.productID)): "
                + others.joined(separator: ", ")
        throw LinkError(.cannotOpen(errno: ENODEV), resource: target.resourceText, operation: "open",
                        detail: "no \(target.name) is connected (\(found))")
    }

    /// Sets automatic detach of the kernel `usbtmc` driver, claims the interface and reads the capabilities.
    private static func claim(handle: OpaquePointer, record: USBDeviceRecord, interface: USBTMCInterfaceInfo,
                              serialNumber: String, target: USBTMCTarget, context: USBContext,
                              options: USBTMCLink.Options) throws(LinkError) -> USBTMCSession {
        guard let bulkIn = interface.bulkIn, let bulkOut = interface.bulkOut else {
            libusb_close(handle)
            throw LinkError(.cannotOpen(errno: ENODEV), resource: target.resourceText, operation: "open",
                            detail: "interface \(interface.number) of \(target.name) has no Bulk-IN/Bulk-OUT pair")
        }
        // The kernel usbtmc driver usually owns the interface: let libusb detach it on claim (no race between a
        // separate detach and the claim) and re-attach it on release. Platforms without kernel drivers answer
        // LIBUSB_ERROR_NOT_SUPPORTED, and then there is nothing to detach.
        _ = libusb_set_auto_detach_kernel_driver(handle, 1)
        let status = libusb_claim_interface(handle, Int32(interface.number))
        guard status == 0 else {
            libusb_close(handle)
            throw claimFailure(status, record: record, interface: interface, target: target)
        }
        let io = LibUSBDeviceIO(context: context, handle: handle, interfaceNumber: interface.number)
        let session = USBTMCSession(io: io, interface: interface, bulkIn: bulkIn, bulkOut: bulkOut,
                                    serialNumber: serialNumber, options: options)
        // Capabilities only decide whether reads may use TermChar; an instrument that refuses GET_CAPABILITIES
        // is read without it.
        _ = try? session.queryCapabilities()
        return session
    }

    private static func openFailure(_ status: Int32, record: USBDeviceRecord, target: USBTMCTarget,
                                    note: String?) -> LinkError {
        var detail: String
        if status == LIBUSB_ERROR_ACCESS.rawValue {
            detail = "permission denied opening \(devicePath(record)) (\(location(record))) for \(target.name): "
                + permissionAdvice
        } else {
            detail = "opening \(devicePath(record)) for \(target.name) failed: \(LibUSBErrorText.describe(status))"
        }
        if let note { detail += "; \(note)" }
        return LinkError(.cannotOpen(errno: LibUSBErrorText.errno(status)), resource: target.resourceText,
                         operation: "open", detail: detail)
    }

    private static func claimFailure(_ status: Int32, record: USBDeviceRecord, interface: USBTMCInterfaceInfo,
                                     target: USBTMCTarget) -> LinkError {
        let what = "claiming interface \(interface.number) of \(target.name) at \(devicePath(record))"
        let detail: String
        switch status {
        case LIBUSB_ERROR_BUSY.rawValue:
            detail = "\(what): the interface is busy. Another program holds it (another qualstation, NI-VISA,"
                + " pyvisa-py) or the kernel usbtmc driver could not be detached; close the other program, or unbind"
                + " the driver with `sudo modprobe -r usbtmc` (\(LibUSBErrorText.describe(status)))"
        case LIBUSB_ERROR_ACCESS.rawValue:
            detail = "\(what): permission denied while detaching the kernel usbtmc driver or claiming: "
                + permissionAdvice
        default:
            detail = "\(what) failed: \(LibUSBErrorText.describe(status))"
        }
        return LinkError(.cannotOpen(errno: LibUSBErrorText.errno(status)), resource: target.resourceText,
                         operation: "open", detail: detail)
    }

    /// `/dev/bus/usb/001/005`.
    static func devicePath(_ record: USBDeviceRecord) -> String {
        devicePath(bus: record.info.bus, address: record.info.address)
    }

    /// `/dev/bus/usb/001/005`.
    static func devicePath(bus: UInt8, address: UInt8) -> String {
        "/dev/bus/usb/\(threeDigits(bus))/\(threeDigits(address))"
    }

    /// `bus 1 device 5 (port 1-1.2)`.
    static func location(_ record: USBDeviceRecord) -> String {
        "bus \(record.info.bus) device \(record.info.address) (port \(record.info.sysfsName))"
    }

    private static func threeDigits(_ value: UInt8) -> String {
        let digits = String(value)
        return String(repeating: "0", count: max(0, 3 - digits.count)) + digits
    }
}
