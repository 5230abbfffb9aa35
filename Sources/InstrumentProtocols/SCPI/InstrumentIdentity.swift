/// Who an instrument says it is: the four fields of its `*IDN?` reply.
///
/// IEEE 488.2 defines the reply as `manufacturer,model,serial,firmware`, e.g.
/// `MultiLANE,ML4039,SN1234,0.0`. Instruments without a serial number or firmware field send `0` or leave it
/// empty; manufacturer and model are always present.
public struct InstrumentIdentity: Sendable, Hashable, Codable, CustomStringConvertible {
    /// The manufacturer, e.g. `Thorlabs`.
    public var manufacturer: String
    /// The model, e.g. `PM100D`.
    public var model: String
    /// The serial number; may be empty or `0`.
    public var serialNumber: String
    /// The firmware version; may be empty.
    public var firmware: String

    /// Creates an identity from its four fields.
    public init(manufacturer: String, model: String, serialNumber: String, firmware: String) {
        self.manufacturer = manufacturer
        self.model = model
        self.serialNumber = serialNumber
        self.firmware = firmware
    }

    /// Parses a `*IDN?` reply.
    ///
    /// Leading and trailing whitespace and line terminators are ignored, as is whitespace around each field.
    /// The reply must have exactly four comma-separated fields; manufacturer and model must not be empty,
    /// serial number and firmware may be.
    /// - Throws: `SCPIReplyError` (command `*IDN?`) when the field count is wrong or a required field is empty.
    public init(idnReply: String) throws(SCPIReplyError) {
        let expected = "four comma-separated fields manufacturer,model,serial,firmware"
        let fields = idnReply.trimmingLineWhitespace().split(separator: ",", omittingEmptySubsequences: false)
        guard fields.count == 4 else {
            throw SCPIReplyError(command: "*IDN?", reply: idnReply, expected: expected + " (found \(fields.count))")
        }
        let trimmed = fields.map { String($0.trimmingLineWhitespace()) }
        guard !trimmed[0].isEmpty, !trimmed[1].isEmpty else {
            throw SCPIReplyError(
                command: "*IDN?", reply: idnReply, expected: expected + " with a non-empty manufacturer and model")
        }
        self.init(manufacturer: trimmed[0], model: trimmed[1], serialNumber: trimmed[2], firmware: trimmed[3])
    }

    /// The `*IDN?` reply a simulator sends for this identity, e.g. `MultiLANE,ML4039,SN1234,0.0`
    /// (without terminator). Fields should not contain commas; any that do are replaced by spaces so the
    /// reply keeps four fields.
    public var idnReply: String {
        [manufacturer, model, serialNumber, firmware]
            .map { String($0.map { $0 == "," ? " " : $0 }) }
            .joined(separator: ",")
    }

    /// A readable line, e.g. `Thorlabs PM100D (serial P0001234, firmware 1.7.0)`.
    public var description: String {
        let serial = serialNumber.isEmpty ? "no serial" : "serial \(serialNumber)"
        let firmwareText = firmware.isEmpty ? "no firmware version" : "firmware \(firmware)"
        return "\(manufacturer) \(model) (\(serial), \(firmwareText))"
    }
}
