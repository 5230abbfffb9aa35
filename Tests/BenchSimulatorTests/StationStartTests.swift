import BenchSimulator
import Foundation
import Instruments
import StationClock
import StationConfiguration
import StationLinks
import Testing

@Suite("Starting a simulated station")
struct StationStartTests {
    @Test("the repository's simulated station serves every instrument and the real drivers accept their identities")
    func identitiesPassTheDrivers() async throws {
        let file = try StationFile.load(path: TestBench.repository.appendingPathComponent("stations/simulated.yaml").path)
        let bench = try TestBench(file)
        guard case .serial(let device) = try #require(bench.station.resources[.chamber]) else {
            Issue.record("the chamber is not served on a serial device")
            return
        }
        #expect(device.hasPrefix("/dev/pts/"))
        for role in [InstrumentRole.bert, .meter, .switch, .supply] {
            guard case .tcpSocket(0, "127.0.0.1", let port) = try #require(bench.station.resources[role]) else {
                Issue.record("\(role) is not served on a loopback socket")
                continue
            }
            #expect(port > 0)
        }
        let drivers = try await bench.connectAll()
        #expect(await drivers.bert.channelCount() == 416)
        #expect(await drivers.meter.channelCount() == 4)
        #expect(await drivers.opticalSwitch.channelCount() == 416)
        await bench.shutDown(drivers)
    }

    @Test("a driver can reconnect: a new connection replaces the old one")
    func reconnects() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        let first = try await bench.connect(.supply, as: (any PowerSupply).self)
        let second = try await bench.connect(.supply, as: (any PowerSupply).self)
        #expect(try await second.measure().outputOn == false)
        await first.disconnect()
        await second.disconnect()
        let chamber = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        await chamber.disconnect()
        let again = try await bench.connect(.chamber, as: (any ThermalChamber).self)
        #expect(try await again.alarms().isEmpty)
        await bench.shutDown()
    }

    @Test("stop closes the sockets (idempotently)")
    func stopCloses() async throws {
        let bench = try TestBench(try TestBench.stationFile())
        guard case .tcpSocket(_, let host, let port) = try #require(bench.station.resources[.supply]) else { return }
        bench.station.stop()
        bench.station.stop()
        await #expect(throws: LinkError.self) {
            _ = try await TCPLink.connect(host: host, port: port, timeout: .milliseconds(500), resource: .tcpSocket(board: 0, host: host, port: port))
        }
    }

    @Test("a station without a simulation section is refused, naming the file")
    func noSimulationSection() throws {
        var text = try TestBench.simulatedYAML()
        let start = try #require(text.range(of: "simulation:"))
        let end = try #require(text.range(of: "instruments:"))
        text.removeSubrange(start.lowerBound..<end.lowerBound)
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("qs-nosim-\(UUID().uuidString).yaml").path
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        let file = try StationFile.load(path: path)
        let error = try #require(throws: SimulationError.self) {
            _ = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
        }
        #expect(error.kind == .noSimulationSection)
        #expect(error.description.contains(path))
    }

    @Test("a driver without a simulator is refused, naming the role and the driver")
    func unknownDriver() throws {
        // Every catalog driver has a simulator, so the station is changed in code to name one outside the catalog.
        var file = try TestBench.stationFile()
        file.instruments[.meter]?.driver = "newport-1936-r"
        let error = try #require(throws: SimulationError.self) {
            _ = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
        }
        #expect(error.kind == .noSimulator)
        #expect(error.role == .meter)
        #expect(error.description.contains("newport-1936-r"))
        #expect(error.description.contains("meter"))
    }

    @Test("the five simulated families are served under their catalog names and every alias")
    func catalogNamesAndAliases() throws {
        let simulated = ["watlow-f4", "scpi-bert", "keysight-n774x", "scpi-switch", "keithley-2460"]
        for name in simulated {
            let description = try #require(DriverCatalog.lookup(name))
            let role: InstrumentRole = switch description.capability {
            case .chamber: .chamber
            case .bert: .bert
            case .meter: .meter
            case .switch: .switch
            case .supply: .supply
            case .thermocouples: .thermocouples
            }
            for alias in [description.name] + description.aliases {
                let file = try TestBench.stationFile(replacing: [("driver: \(name)", "driver: \(alias)")])
                let station = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
                #expect(station.resources[role] != nil, "alias \(alias)")
                station.stop()
            }
        }
    }

    @Test("a fault that cannot apply to its instrument is refused")
    func faultNotApplicable() throws {
        let file = try TestBench.stationFile(faults: "[{ kind: crc-errors, role: meter, probability: 0.5 }]")
        let error = try #require(throws: SimulationError.self) {
            _ = try SimulatedStation.start(station: file, clock: VirtualClock(epoch: TestBench.epoch))
        }
        #expect(error.kind == .faultNotApplicable)
        #expect(error.role == .meter)
    }
}
