/// A VISA-style instrument address.
///
/// Forms: `ASRL/dev/ttyUSB0::INSTR` (serial), `USB0::0x1313::0x8078::P0001234::INSTR` (USBTMC),
/// `TCPIP0::127.0.0.1::5025::SOCKET` (raw SCPI socket), `TCPIP0::192.168.10.21::inst0::INSTR` (VXI-11),
/// `TCPIP0::192.168.10.21::hislip0::INSTR` or `…::hislip0,4881::INSTR` (HiSLIP on a given port), and `sim` for an instrument the bench simulator
/// serves (it is replaced by a real serial or TCP address when the simulator starts).
public enum ResourceString: Sendable, Hashable {
    /// A serial port by device path.
    case serial(device: String)
    /// A USBTMC device: board number, vendor and product IDs, serial number, and optionally the interface.
    case usb(board: Int, vendorID: UInt16, productID: UInt16, serialNumber: String, interface: Int?)
    /// A raw TCP socket, as LAN instruments offer on port 5025.
    case tcpSocket(board: Int, host: String, port: UInt16)
    /// A VXI-11 instrument (`TCPIP[board]::host[::device]::INSTR`): the device name defaults to `inst0`; the core
    /// channel's port is asked of the host's portmapper.
    case vxi11(board: Int, host: String, device: String)
    /// A HiSLIP instrument (`TCPIP[board]::host::hislipN[,port]::INSTR`): the sub-address, e.g. `hislip0`, and the
    /// port when it is not the default 4880.
    case hislip(board: Int, host: String, device: String, port: UInt16?)
    /// An instrument served by the bench simulator.
    case simulated
}
