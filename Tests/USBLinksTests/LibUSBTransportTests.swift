import StationLinks
import Testing
@testable import USBLinks

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The libusb transport as far as a machine without instruments allows.
@Suite("libusb transport")
struct LibUSBTransportTests {
    @Test("a libusb context starts and its log level can be changed")
    func context() throws {
        let context = try USBContext(logLevel: .none)
        try context.setLogLevel(.warning)
        try context.setLogLevel(.none)
    }

    @Test("enumeration returns a list, and every listed USBTMC interface has its endpoints described")
    func enumeration() throws {
        let context = try USBContext(logLevel: .none)
        let devices = try context.devices()
        for device in devices {
            #expect(device.sysfsName.hasPrefix("\(device.bus)-") || device.sysfsName == "usb\(device.bus)")
            for interface in device.usbtmcInterfaces {
                #expect(interface.bulkIn.map { $0 & 0x80 != 0 } ?? true)
                #expect(interface.bulkOut.map { $0 & 0x80 == 0 } ?? true)
            }
        }
    }

    @Test("opening an absent instrument is .cannotOpen naming VID, PID and serial")
    func absentDevice() async throws {
        let context = try USBContext(logLevel: .none)
        let resource = ResourceString.usb(board: 0, vendorID: 0x1313, productID: 0x8078,
                                          serialNumber: "QS-ABSENT-0001", interface: nil)
        do {
            _ = try await USBTMCLink.open(resource, context: context)
            Issue.record("an absent instrument opened")
        } catch {
            #expect(error.kind == .cannotOpen(errno: ENODEV))
            #expect(error.resource == "USB0::0x1313::0x8078::QS-ABSENT-0001::INSTR")
            #expect(error.detail.contains("no USBTMC device 0x1313:0x8078 serial QS-ABSENT-0001 is connected"))
            #expect(error.detail.contains("matching device"))
            #expect(error.description.contains("cannot open"))
        }
    }

    @Test("on a machine with no such device the message says 0 matching devices were found")
    func absentDeviceCount() async throws {
        let context = try USBContext(logLevel: .none)
        let present = try context.devices().contains { $0.vendorID == 0x1313 && $0.productID == 0x8078 }
        do {
            _ = try await USBTMCLink.open(vendorID: 0x1313, productID: 0x8078, serialNumber: "P0001234",
                                          context: context)
            Issue.record("the instrument opened")
        } catch {
            #expect(error.kind == .cannotOpen(errno: ENODEV))
            if !present {
                #expect(error.detail == "no USBTMC device 0x1313:0x8078 serial P0001234 is connected"
                    + " (found 0 matching devices)")
            }
        }
    }

    @Test("the interface number asked for is part of the resource and the message")
    func absentInterface() async {
        do {
            _ = try await USBTMCLink.open(vendorID: 0x2A8D, productID: 0x1102, serialNumber: "MY12345678",
                                          interface: 2)
            Issue.record("the instrument opened")
        } catch {
            #expect(error.resource == "USB0::0x2A8D::0x1102::MY12345678::2::INSTR")
            #expect(error.detail.contains("serial MY12345678 interface 2"))
        }
    }

    @Test("a resource that is not USB is refused with EINVAL")
    func notUSB() async {
        do {
            _ = try await USBTMCLink.open(.serial(device: "/dev/ttyUSB0"))
            Issue.record("a serial resource opened as USBTMC")
        } catch {
            #expect(error.kind == .cannotOpen(errno: EINVAL))
            #expect(error.detail.contains("USB0::0x1313::0x8078::P0001234::INSTR"))
        }
    }

    @Test("libusb codes map to errno values and readable names")
    func errorText() {
        #expect(LibUSBErrorText.name(-3) == "LIBUSB_ERROR_ACCESS")
        #expect(LibUSBErrorText.describe(-6).hasPrefix("LIBUSB_ERROR_BUSY: "))
        #expect(LibUSBErrorText.errno(-3) == EACCES)
        #expect(LibUSBErrorText.errno(-4) == ENODEV)
        #expect(LibUSBErrorText.errno(-6) == EBUSY)
        #expect(LibUSBErrorText.errno(-7) == ETIMEDOUT)
        #expect(LibUSBErrorText.errno(-9) == EPIPE)
        let error = USBError(code: -3, operation: "libusb_open")
        #expect(error.description
            == "libusb_open failed: LIBUSB_ERROR_ACCESS: Access denied (insufficient permissions)")
    }

    @Test("durations become libusb millisecond timeouts, rounded up and clamped")
    func milliseconds() {
        #expect(TransferBudget.milliseconds(.zero) == 0)
        #expect(TransferBudget.milliseconds(.microseconds(1)) == 1)
        #expect(TransferBudget.milliseconds(.milliseconds(250)) == 250)
        #expect(TransferBudget.milliseconds(.seconds(5)) == 5000)
        #expect(TransferBudget.milliseconds(.seconds(-1)) == 0)
        #expect(TransferBudget.milliseconds(.seconds(10_000_000)) == UInt32.max)
        let budget = TransferBudget(timeout: .seconds(10))
        #expect(budget.nextSliceMilliseconds == TransferBudget.sliceMilliseconds)
        #expect(TransferBudget(timeout: .zero).nextSliceMilliseconds == 1)
    }
}
