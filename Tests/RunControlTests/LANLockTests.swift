import Foundation
import Instruments
import LANLinks
import StationAssembly
import StationConfiguration
import StationLinks
import Testing

/// While a controller holds the station, its VXI-11 and HiSLIP instruments are locked: a second controller is
/// refused with "locked by another controller", never interleaved; once the first lets go, the second gets in.
@Suite("Instrument locks on VXI-11 and HiSLIP")
struct LANLockTests {
    @Test("a second controller is refused while a launched station holds its instruments", arguments: ["vxi11", "hislip"])
    func secondControllerRefused(lanProtocol: String) async throws {
        let run = try SimulatedRun()
        let path = try run.station([("  faults: []", "  lan_protocol: \(lanProtocol)\n  faults: []")])
        let file = try StationFile.load(path: path)
        let launched = try await LaunchedStation.launch(file, events: { _ in })
        let simulation = try #require(launched.simulation)
        let resource = try #require(simulation.resources[.meter])
        var configuration = DriverConfiguration(role: "meter", driver: "keysight-n774x", resource: resource,
                                                timeout: .milliseconds(500), retries: 0)
        configuration.portmapperPort = simulation.portmapperPorts[.meter] ?? 111
        let error = await #expect(throws: (any Error).self) {
            _ = try await InstrumentFactory.connect(configuration, events: { _ in })
        }
        #expect("\(error.map { "\($0)" } ?? "")".contains("locked by another controller"))
        await launched.shutdown()
    }

    @Test("probe --no-lock opens without locking, and the lock is free again once the station is let go")
    func lockReleasedOnShutdown() async throws {
        let run = try SimulatedRun()
        let path = try run.station([("  faults: []", "  lan_protocol: vxi11\n  faults: []")])
        let file = try StationFile.load(path: path)
        let launched = try await LaunchedStation.launch(file, events: { _ in })
        let simulation = try #require(launched.simulation)
        let resource = try #require(simulation.resources[.supply])
        let port = simulation.portmapperPorts[.supply] ?? 111
        // The link itself opens without a lock; the launched station's lock refuses its first command.
        let link = try await VXI11Link.open(resource, portmapperPort: port, timeout: .seconds(2))
        let refused = await #expect(throws: LANLinkError.self) {
            try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        }
        #expect(refused?.isLockedByAnotherController == true)
        await launched.station.disconnect()
        try await link.lock(timeout: .seconds(2))
        try await link.write(Array("*IDN?\n".utf8), timeout: .seconds(1))
        #expect(try await link.read(until: 0x0A, maxCount: 4096, timeout: .seconds(2)).count > 10)
        await link.close()
        simulation.stop()
    }
}
