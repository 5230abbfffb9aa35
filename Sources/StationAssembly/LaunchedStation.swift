import BenchSimulator
import Foundation
import InstrumentProtocols
import Instruments
import Qualification
import StationClock
import StationConfiguration
import StationLinks

/// A station ready to run: its simulators serving (if it has any), its instruments connected, and the clock the
/// run keeps time by.
///
/// A fully simulated station runs on a ``VirtualClock`` so hours of soak and burn-in pass in seconds; a station
/// with any real instrument runs on the wall clock.
public final class LaunchedStation: Sendable {
    /// The connected instruments.
    public let station: ConnectedStation
    /// The clock of the run.
    public let clock: any StationClock
    /// The simulators, for a station with simulated instruments.
    public let simulation: SimulatedStation?
    /// The seed the simulators use, for a simulated station.
    public let seed: UInt64?
    /// The own supplies of a batch station's sockets, by socket id.
    public let socketSupplies: [String: (supply: any PowerSupply, identity: InstrumentIdentity)]

    private init(
        station: ConnectedStation, clock: any StationClock, simulation: SimulatedStation?, seed: UInt64?,
        socketSupplies: [String: (supply: any PowerSupply, identity: InstrumentIdentity)] = [:]
    ) {
        self.socketSupplies = socketSupplies
        self.station = station
        self.clock = clock
        self.simulation = simulation
        self.seed = seed
    }

    /// Starts the simulators a station file asks for and connects every instrument.
    ///
    /// - Parameters:
    ///   - file: the station file.
    ///   - seed: overrides the station file's simulation seed.
    ///   - epoch: where a virtual clock starts (the run's start time).
    ///   - events: where drivers report retries and faults.
    public static func launch(
        _ file: StationFile, seed: UInt64? = nil, epoch: Date = Date(), events: @escaping InstrumentEventSink
    ) async throws -> LaunchedStation {
        let simulatedRoles = file.instruments.values.filter { $0.resource == .simulated }
        let clock: any StationClock = usesVirtualClock(file) ? VirtualClock(epoch: epoch, pace: file.simulation?.pace) : WallClock()
        var simulation: SimulatedStation?
        if !simulatedRoles.isEmpty {
            guard let settings = file.simulation else {
                throw StationAssemblyError(
                    path: file.path, reason: "instruments use resource 'sim' but the file has no 'simulation:' section")
            }
            simulation = try SimulatedStation.start(station: file, clock: clock, seed: seed ?? settings.seed)
        }
        do {
            let ledgers = clock.isVirtual ? simulation?.ledgers ?? [:] : [:]
            let station = try await StationConnector.connect(
                file, resources: simulation?.resources ?? [:], portmapperPorts: simulation?.portmapperPorts ?? [:],
                events: events,
                adaptLink: { role, link in
                    // On a virtual clock, a reply the simulator withheld times out in station time.
                    guard let ledger = ledgers[role] else { return link }
                    return ClockedLink(base: link, ledger: ledger, clock: clock)
                })
            var socketSupplies: [String: (supply: any PowerSupply, identity: InstrumentIdentity)] = [:]
            do {
                for socket in file.sockets {
                    guard let entry = socket.ownSupply else { continue }
                    let configuration = DriverConfiguration(entry: entry, station: file, resource: simulation?.socketResources[socket.id])
                    let ledger = clock.isVirtual ? simulation?.socketLedgers[socket.id] : nil
                    let (instrument, identity) = try await InstrumentFactory.connect(
                        configuration, events: events,
                        adaptLink: { link in ledger.map { ClockedLink(base: link, ledger: $0, clock: clock) } ?? link })
                    guard let supply = instrument as? any PowerSupply else {
                        await instrument.disconnect()
                        throw StationAssemblyError(path: file.path, reason: "socket \(socket.id): \(entry.driver) is not a supply driver")
                    }
                    socketSupplies[socket.id] = (supply, identity)
                }
            } catch {
                for connected in socketSupplies.values { await connected.supply.disconnect() }
                await station.disconnect()
                throw StationConnectionError(
                    role: .supply, driver: "socket supply", resource: .simulated, reason: "\(error)")
            }
            return LaunchedStation(
                station: station, clock: clock, simulation: simulation,
                seed: simulation == nil ? nil : (seed ?? file.simulation?.seed), socketSupplies: socketSupplies)
        } catch {
            simulation?.stop()
            throw error
        }
    }

    /// Disconnects the instruments and stops the simulators.
    public func shutdown() async {
        for connected in socketSupplies.values { await connected.supply.disconnect() }
        await station.disconnect()
        simulation?.stop()
    }
}

extension LaunchedStation {
    /// The station as `socket` sees it: the `shared` chamber, meter and switch, its own view of the shared BERT,
    /// its own supply (or the station's), and the socket's lane map.
    public func view(of socket: DUTSocket, shared: BatchInstruments) -> ConnectedStation {
        var view = station
        view.chamber = SocketChamber(
            shared.chamber, source: SocketChamber.source(for: station.file.ownThermocouple(of: socket), reader: shared.thermocouples))
        view.thermocouples = shared.thermocouples
        view.meter = shared.meter
        view.opticalSwitch = shared.opticalSwitch
        view.bert = SharedGateBERT(gate: shared.gate, channels: socket.bertChannels)
        view.file.laneMap = socket.laneMap
        view.identities = identities(of: socket)
        if let own = socketSupplies[socket.id] { view.supply = own.supply }
        return view
    }

    /// The identities of the instruments `socket`'s DUT is measured with (its own supply's, where it has one; the
    /// thermocouple reader's only when the socket's conditions are read on it).
    public func identities(of socket: DUTSocket) -> [InstrumentRole: InstrumentIdentity] {
        var identities = station.identities
        if let own = socketSupplies[socket.id] { identities[.supply] = own.identity }
        // The thermocouple reader measured this DUT only when its conditions are read on it.
        if !station.file.readsThermocoupleReader(socket) { identities[.thermocouples] = nil }
        return identities
    }
}
