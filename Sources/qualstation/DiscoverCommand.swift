import ArgumentParser
import Foundation
import USBLinks

/// `qualstation discover`: lists USBTMC instruments and USB-serial adapters with their resource strings.
struct DiscoverCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "discover",
        abstract: "List connected USBTMC instruments and USB-serial adapters (libudev + libusb).")

    @Flag(help: "Print JSON.")
    var json = false

    func run() throws {
        let found: [DiscoveredInstrument]
        do {
            found = try InstrumentDiscovery.scan()
        } catch {
            StandardError.write("qualstation: discovery failed: \(error)")
            throw ExitCode(69)
        }
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(found), as: UTF8.self))
            return
        }
        guard !found.isEmpty else {
            print("No USBTMC instruments or USB-serial adapters found.")
            print("LAN instruments are not discovered; address them as TCPIP0::HOST::5025::SOCKET.")
            return
        }
        for instrument in found {
            print(instrument.resource)
            print("  \(instrument.vendor) \(instrument.model) [\(instrument.idText)]"
                + (instrument.serialNumber.map { ", serial \($0)" } ?? ""))
            print("  driver: \(instrument.suggestedDriver ?? "none known; choose one with `qualstation probe --driver`")")
            if let note = instrument.note { print("  note: \(note)") }
        }
    }
}
