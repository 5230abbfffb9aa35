import ArgumentParser
import Foundation
import LANLinks
import USBLinks

/// `qualstation discover`: lists USBTMC instruments and USB-serial adapters, and with `--lan` the LAN instruments
/// that announce themselves over mDNS or answer a VXI-11 portmapper broadcast, each with its resource string.
struct DiscoverCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "List connected USBTMC instruments and USB-serial adapters; with --lan, LAN instruments too.",
        discussion: """
            USB: libudev + libusb. LAN (only with --lan, --interface or --timeout; nothing is sent otherwise): DNS-SD \
            over mDNS for _lxi._tcp, _vxi-11._tcp, _scpi-raw._tcp and _hislip._tcp, and a broadcast portmapper \
            GETPORT for the VXI-11 core channel, on one interface; each answer is listed with the resource string to \
            paste and its *IDN? where the instrument answers.
            """)

    @Flag(help: "Print JSON (a list of instruments).")
    var json = false

    @Flag(help: "Also discover LAN instruments (mDNS and VXI-11 broadcast).")
    var lan = false

    @Option(help: "LAN discovery: how long to listen for answers, in seconds.")
    var timeout: Double?

    @Option(help: "LAN discovery: the interface to query on (default: the first broadcast-capable one).")
    var interface: String?

    func validate() throws {
        if let timeout, !(timeout > 0 && timeout <= 60) {
            throw ValidationError("--timeout \(timeout): must be more than 0 and at most 60 seconds")
        }
    }

    func run() async throws {
        var found: [DiscoveredInstrument] = []
        var usbProblem: String?
        do {
            found = try InstrumentDiscovery.scan()
        } catch {
            usbProblem = "\(error)"
        }
        let lanRequested = lan || interface != nil || timeout != nil
        if let usbProblem, !lanRequested {
            StandardError.write("qualstation: discovery failed: \(usbProblem)")
            throw ExitCode(69)
        }
        var lanFound: [DiscoveredLANInstrument] = []
        if lanRequested {
            do {
                lanFound = try await LANDiscovery.discover(timeout: .milliseconds(Int((timeout ?? 2) * 1000)), interface: interface)
            } catch {
                StandardError.write("qualstation: LAN discovery failed: \(error)")
                throw ExitCode(69)
            }
        }
        if let usbProblem { StandardError.write("qualstation: USB discovery failed: \(usbProblem)") }
        if json {
            try printJSON(usb: found, lan: lanFound)
            return
        }
        for instrument in found {
            print(instrument.resource)
            print("  \(instrument.vendor) \(instrument.model) [\(instrument.idText)]"
                + (instrument.serialNumber.map { ", serial \($0)" } ?? ""))
            print("  driver: \(instrument.suggestedDriver ?? "none known; choose one with `qualstation probe --driver`")")
            if let note = instrument.note { print("  note: \(note)") }
        }
        for instrument in lanFound {
            print(instrument.resource)
            let via = instrument.service.map { "mDNS \($0)" + (instrument.name.map { " \"\($0)\"" } ?? "") } ?? "VXI-11 broadcast"
            print("  found by \(via) at \(instrument.host) port \(instrument.port)")
            print("  identity: \(instrument.identity ?? "no answer to *IDN?")")
        }
        if found.isEmpty, lanFound.isEmpty {
            print("No USBTMC instruments or USB-serial adapters found.")
            if !lanRequested {
                print("LAN instruments: run `qualstation discover --lan` (mDNS and VXI-11 broadcast on one interface).")
            }
        }
    }

    /// One JSON list: the USB entries as before, then the LAN entries (`method`, `resource`, `host`, …).
    private func printJSON(usb: [DiscoveredInstrument], lan: [DiscoveredLANInstrument]) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        let usbList = try JSONSerialization.jsonObject(with: try encoder.encode(usb)) as? [Any] ?? []
        let lanList = try JSONSerialization.jsonObject(with: try encoder.encode(lan)) as? [Any] ?? []
        let data = try JSONSerialization.data(withJSONObject: usbList + lanList, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        print(String(decoding: data, as: UTF8.self))
    }
}
