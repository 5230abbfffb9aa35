/// Why discovery could not look for instruments (finding none is not an error).
public enum InstrumentDiscoveryError: Error, CustomStringConvertible, Sendable, Equatable {
    /// libusb could not start or list devices.
    case usb(USBError)
    /// libudev could not start or enumerate `subsystem`.
    case udev(subsystem: String)

    /// What could not be searched and why.
    public var description: String {
        switch self {
        case .usb(let error):
            return "cannot look for USBTMC instruments: \(error)"
        case .udev(let subsystem):
            return "cannot look for USB-serial adapters: libudev could not enumerate the \(subsystem) devices"
                + " (is /sys mounted?)"
        }
    }
}
