import Foundation
import StationConfiguration
import StationLinks
import Testing

/// The station-file keys of LAN instruments: VXI-11 and HiSLIP resources, `portmapper_port`, and
/// `simulation.lan_protocol`.
@Suite struct LANStationKeysTests {
    static let meterSocket = "    driver: keysight-n774x\n    resource: sim\n"

    @Test func vxi11AndHiSLIPResourcesLoadWithAPortmapperPort() throws {
        let path = try Fixtures.station(
            replacing: Self.meterSocket,
            with: "    driver: keysight-n774x\n    resource: TCPIP0::192.168.10.21::inst0::INSTR\n    portmapper_port: 4111\n")
        let file = try StationFile.load(path: path)
        let meter = try #require(file.instrument(.meter))
        #expect(meter.resource == .vxi11(board: 0, host: "192.168.10.21", device: "inst0"))
        #expect(meter.portmapperPort == 4111)
        let hislip = try Fixtures.station(
            replacing: Self.meterSocket, with: "    driver: keysight-n774x\n    resource: TCPIP0::10.0.0.5::hislip0::INSTR\n")
        #expect(try StationFile.load(path: hislip).instrument(.meter)?.resource
            == .hislip(board: 0, host: "10.0.0.5", device: "hislip0", port: nil))
    }

    @Test func aPortmapperPortOnAnotherResourceIsReported() throws {
        let path = try Fixtures.station(
            replacing: Self.meterSocket,
            with: "    driver: keysight-n774x\n    resource: TCPIP0::10.0.0.5::5025::SOCKET\n    portmapper_port: 111\n")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: path) }
        #expect(error.issues.contains { $0.field == "instruments.meter.portmapper_port" && $0.message.contains("VXI-11") })
    }

    @Test func lanProtocolDefaultsToSocketAndAcceptsVXI11AndHiSLIP() throws {
        #expect(try StationFile.load(path: Fixtures.path("stations/simulated.yaml")).simulation?.lanProtocol == .socket)
        for choice in SimulatedLANProtocol.allCases {
            let path = try Fixtures.station(replacing: "  faults: []", with: "  lan_protocol: \(choice.rawValue)\n  faults: []")
            #expect(try StationFile.load(path: path).simulation?.lanProtocol == choice)
        }
        let bad = try Fixtures.station(replacing: "  faults: []", with: "  lan_protocol: gpib\n  faults: []")
        let error = try #require(throws: ConfigurationError.self) { try StationFile.load(path: bad) }
        #expect(error.issues.contains { $0.field == "simulation.lan_protocol" && $0.message.contains("vxi11") })
    }
}
