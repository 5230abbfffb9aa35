import Foundation
import StationLinks
import Testing
@testable import USBLinks

@Suite("Instrument discovery")
struct DiscoveryTests {
    @Test("scanning this machine returns without error, each result well-formed")
    func scan() throws {
        let found = try InstrumentDiscovery.scan()
        for instrument in found {
            switch instrument.kind {
            case .usbtmc:
                #expect(instrument.resource.hasPrefix("USB0::0x"))
                #expect(instrument.resource.hasSuffix("::INSTR"))
            case .usbSerial:
                #expect(instrument.resource.hasPrefix("ASRL/dev/"))
                #expect(instrument.suggestedDriver == nil)
                let chip = KnownUSBDevices.serialChip(vendorID: instrument.vendorID, productID: instrument.productID)
                #expect(chip != nil)
            }
        }
    }

    @Test("USB-serial scanning through libudev works without adapters")
    func serialAdapters() throws {
        let adapters = try InstrumentDiscovery.scanSerialAdapters()
        #expect(adapters.allSatisfy { $0.kind == .usbSerial && $0.note == KnownUSBDevices.serialAdapterNote })
    }

    @Test("known instrument IDs suggest their driver", arguments: [
        (UInt16(0x1313), UInt16(0x8072), "thorlabs-pm100"), (0x1313, 0x8075, "thorlabs-pm100"),
        (0x1313, 0x8076, "thorlabs-pm100"), (0x1313, 0x8078, "thorlabs-pm100"), (0x1313, 0x8079, "thorlabs-pm100"),
        (0x05E6, 0x2450, "keithley-2450"), (0x05E6, 0x2460, "keithley-2460"), (0x2A8D, 0x1102, "keysight-e36312a"),
    ])
    func drivers(vendorID: UInt16, productID: UInt16, driver: String) {
        #expect(KnownUSBDevices.suggestedDriver(vendorID: vendorID, productID: productID) == driver)
    }

    @Test("unknown instruments and USB-serial chips suggest no driver")
    func noDriver() {
        #expect(KnownUSBDevices.suggestedDriver(vendorID: 0x1313, productID: 0x8070) == nil)
        #expect(KnownUSBDevices.suggestedDriver(vendorID: 0x0403, productID: 0x6001) == nil)
    }

    @Test("the chip table of protocols.md §7", arguments: [
        (UInt16(0x0403), UInt16(0x6001)), (0x0403, 0x6010), (0x0403, 0x6011), (0x0403, 0x6014), (0x0403, 0x6015),
        (0x067B, 0x2303), (0x10C4, 0xEA60), (0x1A86, 0x7523), (0x1A86, 0x7522), (0x1A86, 0x5523),
    ])
    func chips(vendorID: UInt16, productID: UInt16) {
        #expect(KnownUSBDevices.serialChip(vendorID: vendorID, productID: productID) != nil)
    }

    static let pm100 = USBDeviceInfo(
        vendorID: 0x1313, productID: 0x8078, bus: 1, address: 5, sysfsName: "1-1.2",
        usbtmcInterfaces: [USBTMCInterfaceInfo(number: 0, interfaceProtocol: 1, bulkIn: 0x81, bulkOut: 0x02,
                                               interruptIn: 0x83, bulkInMaxPacketSize: 64, bulkOutMaxPacketSize: 64)])

    @Test("a PM100D with readable strings becomes a USBTMC record with the thorlabs-pm100 driver")
    func pm100Record() throws {
        let strings = USBDescriptorStrings(manufacturer: "Thorlabs", product: "PM100D", serialNumber: "P0001234")
        let records = InstrumentDiscovery.instruments(Self.pm100, strings: strings)
        let record = try #require(records.first)
        #expect(records.count == 1)
        #expect(record.resource == "USB0::0x1313::0x8078::P0001234::INSTR")
        #expect(record.kind == .usbtmc)
        #expect(record.vendor == "Thorlabs" && record.model == "PM100D" && record.serialNumber == "P0001234")
        #expect(record.suggestedDriver == "thorlabs-pm100")
        #expect(record.note == nil)
        #expect(record.resourceString == .usb(board: 0, vendorID: 0x1313, productID: 0x8078,
                                              serialNumber: "P0001234", interface: nil))
    }

    @Test("without permission the record falls back to sysfs strings or the ID tables and explains why")
    func deniedRecord() throws {
        let strings = USBDescriptorStrings(manufacturer: nil, product: nil, serialNumber: "P0001234", openError: -3)
        let record = try #require(InstrumentDiscovery.instruments(Self.pm100, strings: strings).first)
        #expect(record.vendor == "Thorlabs" && record.model == "PM100D")
        #expect(record.resource == "USB0::0x1313::0x8078::P0001234::INSTR")
        #expect(record.note?.contains("LIBUSB_ERROR_ACCESS") == true)
        #expect(record.note?.contains("/dev/bus/usb/001/005") == true)
        #expect(record.note?.contains("70-qualstation.rules") == true)
    }

    @Test("an unknown USBTMC device falls back to its IDs; several interfaces get their numbers")
    func unknownRecord() {
        let two = [0, 1].map {
            USBTMCInterfaceInfo(number: $0, interfaceProtocol: 0, bulkIn: 0x81, bulkOut: 0x02, interruptIn: nil,
                                bulkInMaxPacketSize: 512, bulkOutMaxPacketSize: 512)
        }
        let info = USBDeviceInfo(vendorID: 0x0AAD, productID: 0x0119, bus: 2, address: 3, sysfsName: "2-4",
                                 usbtmcInterfaces: two)
        let records = InstrumentDiscovery.instruments(info, strings: USBDescriptorStrings())
        #expect(records.map(\.resource) == ["USB0::0x0AAD::0x0119::::0::INSTR", "USB0::0x0AAD::0x0119::::1::INSTR"])
        #expect(records.allSatisfy { $0.vendor == "0x0AAD" && $0.model == "0x0119" && $0.suggestedDriver == nil })
        #expect(records.first?.note?.contains("no serial number") == true)
        #expect(records.map(\.interfaceNumber) == [0, 1])
    }

    @Test("records survive a JSON round trip")
    func codable() throws {
        let record = DiscoveredInstrument(
            resource: "ASRL/dev/ttyUSB0::INSTR", kind: .usbSerial, vendorID: 0x0403, productID: 0x6001,
            vendor: "FTDI", model: "FT232R", serialNumber: "A50285BI", suggestedDriver: nil,
            note: KnownUSBDevices.serialAdapterNote, devicePath: "/dev/ttyUSB0", interfaceNumber: nil)
        let data = try JSONEncoder().encode(record)
        #expect(String(decoding: data, as: UTF8.self).contains("\"kind\":\"usb-serial\""))
        #expect(try JSONDecoder().decode(DiscoveredInstrument.self, from: data) == record)
        #expect(record.resourceString == .serial(device: "/dev/ttyUSB0"))
        #expect(record.note?.contains("watlow-f4 or espec-p300: check the controller") == true)
    }
}
