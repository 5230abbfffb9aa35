/// How a serial port is configured: speed and character framing, e.g. 9600 8N1 without flow control.
public struct SerialSettings: Sendable, Hashable, Codable {
    /// The parity bit.
    public enum Parity: String, Sendable, Hashable, Codable, CaseIterable {
        /// No parity bit.
        case none
        /// Even parity.
        case even
        /// Odd parity.
        case odd
    }

    /// The number of stop bits.
    public enum StopBits: Int, Sendable, Hashable, Codable, CaseIterable {
        /// One stop bit.
        case one = 1
        /// Two stop bits.
        case two = 2
    }

    /// Flow control.
    public enum FlowControl: String, Sendable, Hashable, Codable, CaseIterable {
        /// None.
        case none
        /// Hardware handshake on the RTS/CTS lines.
        case rtsCts
        /// Software handshake with XON/XOFF characters.
        case xonXoff
    }

    /// Bits per second; one of ``supportedBaudRates``. Default 9600.
    public var baud: Int
    /// Data bits per character, 5 to 8. Default 8.
    public var dataBits: Int
    /// Parity. Default none.
    public var parity: Parity
    /// Stop bits. Default one.
    public var stopBits: StopBits
    /// Flow control. Default none.
    public var flowControl: FlowControl

    /// The speeds Linux can set on a serial port (`cfsetspeed`).
    public static let supportedBaudRates: [Int] = [
        50, 75, 110, 134, 150, 200, 300, 600, 1200, 1800, 2400, 4800, 9600, 19200, 38400, 57600, 115_200,
        230_400, 460_800, 500_000, 576_000, 921_600, 1_000_000, 1_152_000, 1_500_000, 2_000_000, 2_500_000,
        3_000_000, 3_500_000, 4_000_000,
    ]

    /// Creates settings; the defaults are 9600 8N1 without flow control.
    public init(
        baud: Int = 9600, dataBits: Int = 8, parity: Parity = .none, stopBits: StopBits = .one,
        flowControl: FlowControl = .none
    ) {
        self.baud = baud
        self.dataBits = dataBits
        self.parity = parity
        self.stopBits = stopBits
        self.flowControl = flowControl
    }

    /// Checks that the port can be set up this way.
    ///
    /// - Throws: ``SerialSettingsError`` naming the field and the offending value.
    public func validate() throws {
        guard Self.supportedBaudRates.contains(baud) else {
            let rates = Self.supportedBaudRates.map(String.init).joined(separator: ", ")
            throw SerialSettingsError(field: "baud", value: String(baud), expected: "one of " + rates)
        }
        guard (5...8).contains(dataBits) else {
            throw SerialSettingsError(field: "dataBits", value: String(dataBits), expected: "5, 6, 7 or 8")
        }
    }

    /// The usual short form, e.g. `9600 8N1` or `19200 7E2 rtsCts`.
    public var summary: String {
        let parityLetter: String
        switch parity {
        case .none: parityLetter = "N"
        case .even: parityLetter = "E"
        case .odd: parityLetter = "O"
        }
        let flow = flowControl == .none ? "" : " \(flowControl.rawValue)"
        return "\(baud) \(dataBits)\(parityLetter)\(stopBits.rawValue)\(flow)"
    }

    private enum CodingKeys: String, CodingKey {
        case baud, dataBits, parity, stopBits, flowControl
    }

    /// Decodes settings; missing fields take their defaults, and the result is validated.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let defaults = SerialSettings()
        self.init(
            baud: try container.decodeIfPresent(Int.self, forKey: .baud) ?? defaults.baud,
            dataBits: try container.decodeIfPresent(Int.self, forKey: .dataBits) ?? defaults.dataBits,
            parity: try container.decodeIfPresent(Parity.self, forKey: .parity) ?? defaults.parity,
            stopBits: try container.decodeIfPresent(StopBits.self, forKey: .stopBits) ?? defaults.stopBits,
            flowControl: try container.decodeIfPresent(FlowControl.self, forKey: .flowControl) ?? defaults.flowControl
        )
        do {
            try validate()
        } catch let error as SerialSettingsError {
            let key: CodingKeys = error.field == "baud" ? .baud : .dataBits
            throw DecodingError.dataCorruptedError(forKey: key, in: container, debugDescription: error.description)
        }
    }

    /// Encodes all fields.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(baud, forKey: .baud)
        try container.encode(dataBits, forKey: .dataBits)
        try container.encode(parity, forKey: .parity)
        try container.encode(stopBits, forKey: .stopBits)
        try container.encode(flowControl, forKey: .flowControl)
    }
}
