/// A resource string that could not be parsed, with the reason and the forms that are accepted.
public struct ResourceStringError: Error, CustomStringConvertible, Sendable, Equatable {
    /// The text that was given.
    public var input: String
    /// What is wrong with it, e.g. `the port must be between 1 and 65535, not 0`.
    public var reason: String

    /// The accepted forms, listed in every message.
    public static let expectedForms: [String] = [
        "ASRL/dev/ttyUSB0::INSTR (serial port by device path)",
        "ASRL1::INSTR (serial port by number: ASRL1 is /dev/ttyS0)",
        "USB0::0x1313::0x8078::P0001234::INSTR (USBTMC: vendor ID, product ID, serial number)",
        "USB0::0x1313::0x8078::P0001234::0::INSTR (USBTMC on a given interface number)",
        "TCPIP0::192.168.1.20::5025::SOCKET (raw SCPI socket: host and port)",
        "TCPIP0::192.168.1.20::inst0::INSTR (VXI-11; TCPIP0::192.168.1.20::INSTR means inst0)",
        "TCPIP0::192.168.1.20::hislip0::INSTR (HiSLIP; hislip0,4881 names a port other than 4880)",
        "sim (served by the bench simulator)",
    ]

    /// Creates an error for `input`.
    public init(input: String, reason: String) {
        self.input = input
        self.reason = reason
    }

    public var description: String {
        let forms = Self.expectedForms.map { "  " + $0 }.joined(separator: "\n")
        return "invalid resource string \"\(input)\": \(reason). Expected one of:\n\(forms)"
    }
}
