import Foundation
import StationLinks
import Testing

@Suite("Resource strings")
struct ResourceStringTests {
    @Test("canonical forms parse and print back unchanged", arguments: [
        "ASRL/dev/ttyUSB0::INSTR",
        "ASRL/dev/serial/by-id/usb-FTDI_FT232R_USB_UART_A50285BI-if00-port0::INSTR",
        "USB0::0x1313::0x8078::P0001234::INSTR",
        "USB1::0x05E6::0x2450::04412345::0::INSTR",
        "TCPIP0::192.168.1.20::5025::SOCKET",
        "TCPIP0::bert-lab-3.example.com::5025::SOCKET",
        "TCPIP0::[::1]::5025::SOCKET",
        "TCPIP0::192.168.10.21::inst0::INSTR",
        "TCPIP1::192.168.10.21::gpib0,5::INSTR",
        "TCPIP0::192.168.10.21::hislip0::INSTR",
        "TCPIP0::127.0.0.1::hislip0,4881::INSTR",
        "TCPIP0::[::1]::hislip2::INSTR",
        "sim",
    ])
    func roundTrip(text: String) throws {
        let parsed = try ResourceString(parsing: text)
        #expect(parsed.description == text)
        #expect(try ResourceString(parsing: parsed.description) == parsed)
    }

    @Test("parsed values")
    func values() throws {
        #expect(try ResourceString(parsing: "ASRL/dev/ttyUSB0::INSTR") == .serial(device: "/dev/ttyUSB0"))
        #expect(try ResourceString(parsing: "ASRL1::INSTR") == .serial(device: "/dev/ttyS0"))
        #expect(try ResourceString(parsing: "ASRL4::INSTR") == .serial(device: "/dev/ttyS3"))
        #expect(try ResourceString(parsing: "USB0::0x1313::0x8078::P0001234::INSTR")
            == .usb(board: 0, vendorID: 0x1313, productID: 0x8078, serialNumber: "P0001234", interface: nil))
        #expect(try ResourceString(parsing: "USB0::0x2A8D::0x1102::MY123::2::INSTR")
            == .usb(board: 0, vendorID: 0x2A8D, productID: 0x1102, serialNumber: "MY123", interface: 2))
        #expect(try ResourceString(parsing: "TCPIP3::10.0.0.7::10001::SOCKET")
            == .tcpSocket(board: 3, host: "10.0.0.7", port: 10001))
        #expect(try ResourceString(parsing: "TCPIP0::[fe80::1]::5025::SOCKET")
            == .tcpSocket(board: 0, host: "fe80::1", port: 5025))
        #expect(try ResourceString(parsing: "sim") == .simulated)
        #expect(try ResourceString(parsing: "TCPIP0::192.168.10.21::INSTR")
            == .vxi11(board: 0, host: "192.168.10.21", device: "inst0"))
        #expect(try ResourceString(parsing: "TCPIP::lab-dmm::inst1::INSTR")
            == .vxi11(board: 0, host: "lab-dmm", device: "inst1"))
        #expect(try ResourceString(parsing: "TCPIP0::10.0.0.9::hislip0::INSTR")
            == .hislip(board: 0, host: "10.0.0.9", device: "hislip0", port: nil))
        #expect(try ResourceString(parsing: "tcpip0::10.0.0.9::HISLIP1,4999::instr")
            == .hislip(board: 0, host: "10.0.0.9", device: "HISLIP1", port: 4999))
    }

    @Test("each LAN form names its protocol")
    func protocols() throws {
        #expect(try ResourceString(parsing: "TCPIP0::h::inst0::INSTR").protocolDescription.hasPrefix("VXI-11"))
        #expect(try ResourceString(parsing: "TCPIP0::h::hislip0::INSTR").protocolDescription.contains("port 4880"))
        #expect(try ResourceString(parsing: "TCPIP0::h::hislip0,4999::INSTR").protocolDescription.contains("port 4999"))
        #expect(try ResourceString(parsing: "TCPIP0::h::5025::SOCKET").protocolDescription.hasPrefix("raw SCPI socket"))
    }

    @Test("keywords are case-insensitive, names keep their case, decimal IDs are accepted")
    func lenientInput() throws {
        #expect(try ResourceString(parsing: "asrl/dev/ttyACM0::instr").description == "ASRL/dev/ttyACM0::INSTR")
        #expect(try ResourceString(parsing: "asrl2::Instr").description == "ASRL/dev/ttyS1::INSTR")
        #expect(try ResourceString(parsing: "usb0::0x1313::0x8078::p0001234::instr").description
            == "USB0::0x1313::0x8078::p0001234::INSTR")
        #expect(try ResourceString(parsing: "USB0::4883::32888::P01::INSTR").description
            == "USB0::0x1313::0x8078::P01::INSTR")
        #expect(try ResourceString(parsing: "tcpip::Bench-Host::5025::socket").description
            == "TCPIP0::Bench-Host::5025::SOCKET")
        #expect(try ResourceString(parsing: "  SIM ") == .simulated)
    }

    @Test("malformed strings are rejected with the reason and the expected forms", arguments: [
        ("", "empty"),
        ("GPIB0::12::INSTR", "does not start with"),
        ("ASRL/dev/ttyUSB0", "must end with ::INSTR"),
        ("ASRL::INSTR", "missing"),
        ("ASRL0::INSTR", "port number 1 or more"),
        ("ASRLCOM3::INSTR", "neither a device path"),
        ("USB0::0x1313::0x8078::INSTR", "field(s) were given"),
        ("USB0::0x1313::0x8078::P01", "must end with ::INSTR"),
        ("USB0::0xZZZZ::0x8078::P01::INSTR", "vendor ID \"0xZZZZ\""),
        ("USB0::0x1313::0x18078::P01::INSTR", "product ID \"0x18078\""),
        ("USB0::::0x8078::P01::INSTR", "vendor ID is missing"),
        ("USB0::0x1313::0x8078::::INSTR", "serial number is empty"),
        ("USB0::0x1313::0x8078::P01::x::INSTR", "interface number"),
        ("USBX::0x1313::0x8078::P01::INSTR", "board number"),
        ("TCPIP0::192.168.1.20::5025", "must end with ::SOCKET"),
        ("TCPIP0::192.168.1.20::SOCKET", "field(s) were given"),
        ("TCPIP0::::5025::SOCKET", "host is empty"),
        ("TCPIP0::192.168.1.20::0::SOCKET", "between 1 and 65535, not 0"),
        ("TCPIP0::192.168.1.20::65536::SOCKET", "between 1 and 65535, not 65536"),
        ("TCPIP0::192.168.1.20::http::SOCKET", "not a number"),
        ("TCPIP0::192.168.1.20::hislipX::INSTR", "hislip followed by a number"),
        ("TCPIP0::192.168.1.20::hislip0,0::INSTR", "between 1 and 65535"),
        ("TCPIP0::192.168.1.20::a::b::INSTR", "field(s) were given"),
        ("TCPIP0::::inst0::INSTR", "host is empty"),
        ("TCPIP0::192.168.1.20::5025::FOO", "must end with ::SOCKET"),
    ])
    func malformed(text: String, reason: String) throws {
        let error = try #require(throws: ResourceStringError.self) { try ResourceString(parsing: text) }
        #expect(error.input == text)
        #expect(error.description.contains("\"\(text)\""))
        #expect(error.reason.contains(reason), "reason was: \(error.reason)")
        #expect(error.description.contains("ASRL/dev/ttyUSB0::INSTR"))
        #expect(error.description.contains("TCPIP0::192.168.1.20::5025::SOCKET"))
    }

    @Test("codes as a single string")
    func codable() throws {
        struct Entry: Codable, Equatable {
            var address: ResourceString
        }
        let entry = Entry(address: .usb(board: 0, vendorID: 0x1313, productID: 0x8078, serialNumber: "P1",
                                        interface: nil))
        let json = try JSONEncoder().encode(entry)
        #expect(json.text == #"{"address":"USB0::0x1313::0x8078::P1::INSTR"}"#)
        #expect(try JSONDecoder().decode(Entry.self, from: json) == entry)

        let bad = Data(#"{"address":"TCPIP0::host::0::SOCKET"}"#.utf8)
        #expect(throws: DecodingError.self) { try JSONDecoder().decode(Entry.self, from: bad) }
    }
}

extension Data {
    fileprivate var text: String { String(decoding: self, as: UTF8.self) }
}
