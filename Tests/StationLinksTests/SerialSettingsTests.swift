import Foundation
import StationLinks
import Testing

@Suite("Serial settings")
struct SerialSettingsTests {
    @Test("defaults are 9600 8N1 without flow control and valid")
    func defaults() throws {
        let settings = SerialSettings()
        #expect(settings.baud == 9600)
        #expect(settings.dataBits == 8)
        #expect(settings.parity == .none)
        #expect(settings.stopBits == .one)
        #expect(settings.flowControl == .none)
        #expect(settings.summary == "9600 8N1")
        try settings.validate()
    }

    @Test("invalid values are rejected naming the field and the value", arguments: [
        (SerialSettings(baud: 12345), "baud", "12345"),
        (SerialSettings(baud: 0), "baud", "0"),
        (SerialSettings(dataBits: 9), "dataBits", "9"),
        (SerialSettings(dataBits: 4), "dataBits", "4"),
    ])
    func invalid(settings: SerialSettings, field: String, value: String) {
        let error = #expect(throws: SerialSettingsError.self) { try settings.validate() }
        #expect(error?.field == field)
        #expect(error?.value == value)
        #expect(error?.description.contains("\(field) = \(value)") == true)
    }

    @Test("every supported speed and character size validates")
    func supported() throws {
        for baud in SerialSettings.supportedBaudRates { try SerialSettings(baud: baud).validate() }
        for bits in 5...8 { try SerialSettings(dataBits: bits).validate() }
    }

    @Test("codes all fields; missing fields take defaults; invalid values fail to decode")
    func codable() throws {
        let settings = SerialSettings(baud: 19200, dataBits: 7, parity: .even, stopBits: .two, flowControl: .rtsCts)
        let decoded = try JSONDecoder().decode(SerialSettings.self, from: try JSONEncoder().encode(settings))
        #expect(decoded == settings)

        let partial = try JSONDecoder().decode(SerialSettings.self, from: Data(#"{"baud":38400}"#.utf8))
        #expect(partial == SerialSettings(baud: 38400))

        let json = Data(#"{"baud":38400,"parity":"odd","stopBits":2,"flowControl":"xonXoff"}"#.utf8)
        let full = try JSONDecoder().decode(SerialSettings.self, from: json)
        #expect(full == SerialSettings(baud: 38400, parity: .odd, stopBits: .two, flowControl: .xonXoff))

        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SerialSettings.self, from: Data(#"{"baud":1234}"#.utf8))
        }
        #expect(throws: DecodingError.self) {
            try JSONDecoder().decode(SerialSettings.self, from: Data(#"{"stopBits":3}"#.utf8))
        }
    }
}
