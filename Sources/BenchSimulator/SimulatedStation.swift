import BenchModel
import InstrumentProtocols
import LANLinks
import StationClock
import StationConfiguration
import StationLinks
import Synchronization

/// The running simulators of one station file: one per instrument whose resource is `sim`.
///
/// Serial instruments (the Watlow F4 as Modbus RTU, the Espec P-300 as ASCII lines) are served on a
/// pseudo-terminal (`/dev/pts/N`), every LAN instrument (SCPI, the ThermoStream's and the MultiLane bridge's
/// ASCII lines) on its own loopback TCP port, all by one serving thread over one shared ``SimulatedBench``.
/// The real drivers connect to ``resources`` exactly as they would to real instruments.
public final class SimulatedStation: Sendable {
    /// Where each simulated instrument listens: a serial one as .serial(device: "/dev/pts/N"),
    /// a LAN one as .tcpSocket(board: 0, host: "127.0.0.1", port: P).
    /// With `simulation.lan_protocol: vxi11` or `hislip`, a SCPI LAN instrument's resource is its VXI-11 or HiSLIP
    /// address instead.
    public let resources: [InstrumentRole: ResourceString]
    /// Every address of each SCPI LAN instrument (raw socket, VXI-11, HiSLIP), when they are offered.
    public let lanResources: [InstrumentRole: SimulatedLANResources]
    /// The shared world (for tests and `qualstation simulate` status output).
    public let bench: SimulatedBench
    /// The byte counts of each SCPI instrument's connection, for the driver's end (``ClockedLink``).
    public let ledgers: [InstrumentRole: LinkLedger]
    /// Where each socket's own simulated supply listens (batch stations), by socket id.
    public let socketResources: [String: ResourceString]
    /// The byte counts of each socket's own supply connection, by socket id.
    public let socketLedgers: [String: LinkLedger]
    private let reactor: SimulatorReactor
    private let listeners: [TCPListener]
    private let terminals: [PseudoTerminal]
    private let fronts: [SimulatedLANFront]
    private let stopped = Mutex(false)

    private init(
        resources: [InstrumentRole: ResourceString], lanResources: [InstrumentRole: SimulatedLANResources],
        bench: SimulatedBench, ledgers: [InstrumentRole: LinkLedger], reactor: SimulatorReactor, listeners: [TCPListener],
        terminals: [PseudoTerminal], fronts: [SimulatedLANFront], socketResources: [String: ResourceString] = [:],
        socketLedgers: [String: LinkLedger] = [:]
    ) {
        self.socketResources = socketResources
        self.socketLedgers = socketLedgers
        self.resources = resources
        self.lanResources = lanResources
        self.fronts = fronts
        self.bench = bench
        self.ledgers = ledgers
        self.reactor = reactor
        self.listeners = listeners
        self.terminals = terminals
    }

    deinit {
        stop()
    }

    /// The portmapper port of each instrument whose resource is a VXI-11 address, for the controller's
    /// ``Instruments/DriverConfiguration/portmapperPort``.
    public var portmapperPorts: [InstrumentRole: UInt16] {
        lanResources.compactMapValues { $0.portmapperPort }
    }

    /// Starts the simulators and returns once every one is listening. `seed` overrides the station file's seed.
    /// SCPI LAN instruments are also offered over VXI-11 and HiSLIP when `offerAllLANProtocols` is true (then each
    /// VXI-11 portmapper tries port 111 first, as `qualstation simulate` wants) or the station's
    /// `simulation.lan_protocol` asks for one of them (then the portmappers take free ports, reported in
    /// ``portmapperPorts``).
    ///
    /// - Throws: ``SimulationError`` when the station has no `simulation:` section, a simulated instrument uses a
    ///   driver without a simulator or is described as the simulated one cannot be, a fault cannot apply to its
    ///   instrument, or a port or terminal cannot open.
    public static func start(
        station: StationFile, clock: any StationClock, seed: UInt64? = nil, offerAllLANProtocols: Bool = false
    ) throws -> SimulatedStation {
        guard let settings = station.simulation else {
            throw SimulationError(
                .noSimulationSection, station: station.path,
                message: "the station has no simulation: section, so there is no simulated world to serve")
        }
        var kinds: [InstrumentRole: SimulatorKind] = [:]
        for (role, entry) in station.instruments where entry.resource == .simulated {
            guard let kind = SimulatorKind.lookup(driver: entry.driver), kind.role == role else {
                let known = SimulatorKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw SimulationError(
                    .noSimulator, station: station.path, role: role, driver: entry.driver,
                    message: "the bench simulator has no \(role.rawValue) simulator for this driver; it simulates \(known)")
            }
            kinds[role] = kind
        }
        try FaultPlan.validate(settings.faults, station: station, drivers: kinds)

        let seed = seed ?? settings.seed
        let random = SeededRandom(seed: seed)
        let board = station.sockets.isEmpty ? nil : Self.board(station.sockets, settings: settings, seed: seed)
        let array = board?.combinedArray ?? MicroLEDArrayModel(parameters: Self.arrayParameters(settings), seed: seed)
        let chamber = ChamberModel.Parameters(
            ratedMinimumCelsius: settings.chamberRatedMinimumCelsius,
            ratedMaximumCelsius: settings.chamberRatedMaximumCelsius,
            maximumRampKelvinPerMinute: settings.chamberMaximumRampKelvinPerMinute,
            dutTimeConstantSeconds: Self.thermocoupleSocket(of: station)?.simulation.dutTimeConstantSeconds
                ?? settings.dutTimeConstantSeconds)
        let faults = FaultPlan(faults: settings.faults, random: random.child(SeededRandom.key("faults")))
        let transitions = faults.transitions { limit in
            let rated = chamber.ratedRange
            return limit >= chamber.ambientCelsius
                ? rated.lowerBound...max(rated.lowerBound, limit) : min(rated.upperBound, limit)...rated.upperBound
        }
        var wiring = BenchWiring(station: station, laneCount: array.lanes.count)
        for (role, kind) in kinds.sorted(by: { $0.key < $1.key }) {
            guard let entry = station.instrument(role), let problem = kind.fit(&wiring, entry: entry, station: station)
            else { continue }
            throw SimulationError(
                .unsupportedConfiguration, station: station.path, role: role, driver: entry.driver, message: problem)
        }
        var world = BenchWorld(
            array: array, chamber: chamber, wiring: wiring, random: random.child(SeededRandom.key("bench")),
            transitions: transitions)
        for (role, kind) in kinds {
            if let entry = station.instrument(role) { kind.preparePowerOn(&world, entry: entry) }
        }
        if let board {
            world.installBoard(board, ownSupplies: Set(station.sockets.indices.filter { station.sockets[$0].ownSupply != nil }))
            world.wireThermocouples(Self.thermocoupleChannels(of: station))
        }
        let bench = SimulatedBench(world: world, seed: seed, clock: clock)
        let served = try serve(station: station, kinds: kinds, bench: bench, faults: faults)
        let choice = settings.lanProtocol
        guard offerAllLANProtocols || choice != .socket else { return served }
        return try served.offeringLANProtocols(
            kinds: kinds, choice: choice, stationPath: station.path, preferWellKnownPortmapperPort: offerAllLANProtocols)
    }

    /// A copy whose SCPI LAN instruments are also served over VXI-11 and HiSLIP, with resources per `choice`.
    private func offeringLANProtocols(
        kinds: [InstrumentRole: SimulatorKind], choice: SimulatedLANProtocol, stationPath: String,
        preferWellKnownPortmapperPort: Bool
    ) throws -> SimulatedStation {
        var fronts: [SimulatedLANFront] = []
        var lan: [InstrumentRole: SimulatedLANResources] = [:]
        var resources = self.resources
        let scpiRoles = kinds.filter { $0.value.wire == .scpi && !$0.value.servedOnTerminal }.keys.sorted()
        do {
            for (index, role) in scpiRoles.enumerated() {
                guard case .tcpSocket(_, _, let port) = resources[role] else { continue }
                let front = try SimulatedLANFront(
                    socketPort: port, vxi11Host: "127.0.0.\(1 + index)",
                    preferWellKnownPortmapperPort: preferWellKnownPortmapperPort)
                fronts.append(front)
                let addresses = SimulatedLANResources(
                    socket: .tcpSocket(board: 0, host: "127.0.0.1", port: port), vxi11: front.vxi11Resource,
                    hislip: front.hislipResource, portmapperPort: front.portmapperPort)
                lan[role] = addresses
                switch choice {
                case .socket: break
                case .vxi11: resources[role] = addresses.vxi11
                case .hislip: resources[role] = addresses.hislip
                }
            }
        } catch {
            for front in fronts { front.stop() }
            stop()
            throw SimulationError(.cannotServe, station: stationPath, message: "cannot serve VXI-11 and HiSLIP: \(error)")
        }
        // This value takes over the serving thread, listeners and terminals; the old one must not stop them.
        stopped.withLock { $0 = true }
        // Station-time timeouts count the bytes of a raw-socket connection; VXI-11 and HiSLIP links keep wall-clock
        // ones. Serial and line instruments are not fronted and keep theirs.
        let fronted = Set(scpiRoles)
        let ledgers = choice == .socket ? self.ledgers : self.ledgers.filter { !fronted.contains($0.key) }
        return SimulatedStation(resources: resources, lanResources: lan, bench: bench, ledgers: ledgers, reactor: reactor,
                                listeners: listeners, terminals: terminals, fronts: fronts, socketResources: socketResources,
                                socketLedgers: socketLedgers)
    }

    /// Opens a terminal or port per instrument and starts the serving thread.
    private static func serve(
        station: StationFile, kinds: [InstrumentRole: SimulatorKind], bench: SimulatedBench, faults: FaultPlan
    ) throws -> SimulatedStation {
        var resources: [InstrumentRole: ResourceString] = [:]
        var listeners: [TCPListener] = []
        var terminals: [PseudoTerminal] = []
        var scpi: [SCPIEndpointConfiguration] = []
        var lines: [LineEndpointConfiguration] = []
        var modbus: ModbusEndpointConfiguration?
        var socketResources: [String: ResourceString] = [:]
        var socketEndpoints: [String: SCPIEndpointConfiguration] = [:]
        func closeAll() {
            for listener in listeners { listener.close() }
            for terminal in terminals { terminal.close() }
        }
        do {
            let system = try SCPIEndpointConfiguration.SystemPatterns()
            for (role, kind) in kinds.sorted(by: { $0.key < $1.key }) {
                let entry = station.instrument(role)
                do {
                    let transport: LineTransport
                    if kind.servedOnTerminal {
                        let opened = try PseudoTerminal.open()
                        terminals.append(opened)
                        transport = .terminal(opened)
                        resources[role] = .serial(device: opened.devicePath)
                    } else {
                        let listener = try TCPListener(host: "127.0.0.1", port: 0)
                        listeners.append(listener)
                        transport = .tcp(listener)
                        resources[role] = .tcpSocket(board: 0, host: "127.0.0.1", port: listener.port)
                    }
                    switch (kind.wire, transport) {
                    case (.modbus, .terminal(let terminal)):
                        let unit = UInt8(clamping: max(1, min(247, entry?.modbusAddress ?? 1)))
                        let controller = SimulatedWatlowF4(
                            unit: unit, seed: bench.seed, wiring: entry?.watlowWiring ?? .standard)
                        modbus = ModbusEndpointConfiguration(
                            controller: controller, terminal: terminal, bench: bench, faults: faults)
                    case (.scpi, .tcp(let listener)):
                        let made = try makeInstrument(kind, entry: entry, wiring: bench.wiring, seed: bench.seed)
                        guard let instrument = made else { continue }
                        scpi.append(SCPIEndpointConfiguration(
                            instrument: instrument, listener: listener, bench: bench, faults: faults, system: system))
                    case (.lines, _):
                        guard let instrument = makeLineInstrument(kind, entry: entry, wiring: bench.wiring, seed: bench.seed) else { continue }
                        lines.append(LineEndpointConfiguration(
                            instrument: instrument, transport: transport, bench: bench, faults: faults))
                    case (.modbus, .tcp), (.scpi, .terminal):
                        continue
                    }
                } catch {
                    throw SimulationError(
                        .cannotServe, station: station.path, role: role, driver: entry?.driver,
                        message: "cannot serve the simulator: \(error)")
                }
            }
            for (index, socket) in station.sockets.enumerated() {
                guard let entry = socket.ownSupply, entry.resource == .simulated else { continue }
                guard let model = SimulatorKind.lookup(driver: entry.driver)?.sourceMeterModel else {
                    throw SimulationError(
                        .noSimulator, station: station.path, role: .supply, driver: entry.driver,
                        message: "socket \(socket.id): the bench simulator simulates a socket's own supply as a Keithley "
                            + "SourceMeter only (keithley-2450, -2460, -2461, -2470)")
                }
                let listener = try TCPListener(host: "127.0.0.1", port: 0)
                listeners.append(listener)
                socketResources[socket.id] = .tcpSocket(board: 0, host: "127.0.0.1", port: listener.port)
                let endpoint = SCPIEndpointConfiguration(
                    instrument: try SimulatedKeithley2450(model: model, seed: bench.seed, socket: index), listener: listener, bench: bench,
                    faults: faults, system: system)
                socketEndpoints[socket.id] = endpoint
            }
        } catch {
            closeAll()
            throw error
        }
        let reactor = SimulatorReactor()
        reactor.start(scpi: scpi + socketEndpoints.keys.sorted().compactMap { socketEndpoints[$0] }, modbus: modbus, lines: lines)
        var ledgers: [InstrumentRole: LinkLedger] = [:]
        for endpoint in scpi { ledgers[endpoint.instrument.role] = endpoint.ledger }
        for endpoint in lines { ledgers[endpoint.instrument.role] = endpoint.ledger }
        if let modbus { ledgers[.chamber] = modbus.ledger }
        return SimulatedStation(
            resources: resources, lanResources: [:], bench: bench, ledgers: ledgers, reactor: reactor, listeners: listeners,
            terminals: terminals, fronts: [], socketResources: socketResources,
            socketLedgers: socketEndpoints.mapValues(\.ledger))
    }

    /// Stops serving and closes every pty and socket (idempotent).
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        for front in fronts { front.stop() }
        reactor.stop()
        for listener in listeners { listener.close() }
        for terminal in terminals { terminal.close() }
    }

    /// The simulator model of an SCPI family (nil for the other families).
    private static func makeInstrument(
        _ kind: SimulatorKind, entry: InstrumentEntry?, wiring: BenchWiring, seed: UInt64
    ) throws -> (any SimulatedSCPIInstrument)? {
        switch kind {
        case .scpiBERT: try SimulatedBERT(channels: wiring.bertChannels ?? wiring.laneCount, seed: seed)
        case .keysightN774x: try SimulatedN774xMeter(channels: wiring.meterChannels, seed: seed)
        case .scpiSwitch: try SimulatedOpticalSwitch(channels: wiring.switchChannels ?? wiring.laneCount, seed: seed)
        case .keysightN7731C: try SimulatedKeysightN7731C(outputs: wiring.switchChannels ?? wiring.laneCount, seed: seed)
        case .keithley2450, .keithley2460, .keithley2461, .keithley2470:
            try SimulatedKeithley2450(model: kind.sourceMeterModel ?? .model2450, seed: seed)
        case .thorlabsPM100: try SimulatedThorlabsPM100(seed: seed)
        case .keysightE36312A: try SimulatedKeysightE36312A(dutOutput: entry?.output ?? 1, seed: seed)
        case .keysightDAQ970A: try SimulatedDAQ970A(channels: ThermocoupleChannels(count: entry?.channels), seed: seed)
        case .watlowF4, .especP300, .thermoStreamATS, .multiLaneBERT, .jdsuSB: nil
        }
    }

    /// The simulator model of a family that speaks ASCII lines (nil for the other families).
    private static func makeLineInstrument(
        _ kind: SimulatorKind, entry: InstrumentEntry?, wiring: BenchWiring, seed: UInt64
    ) -> (any SimulatedLineInstrument)? {
        switch kind {
        case .especP300: SimulatedEspecP300(address: entry?.busAddress, purgeRelay: entry?.purgeRelay)
        case .thermoStreamATS: SimulatedThermoStreamATS(seed: seed)
        case .multiLaneBERT: SimulatedMultiLaneBERT(seed: seed)
        case .jdsuSB: SimulatedJDSUSB(channels: wiring.switchChannels ?? wiring.laneCount, seed: seed)
        case .watlowF4, .scpiBERT, .keysightN774x, .scpiSwitch, .keysightN7731C, .keithley2450, .keithley2460,
            .keithley2461, .keithley2470, .thorlabsPM100, .keysightE36312A, .keysightDAQ970A:
            nil
        }
    }

    /// The socket whose DUT carries the chamber's DUT input on a batch station: the chamber's DUT reading follows
    /// that array's thermal lag.
    static func thermocoupleSocket(of station: StationFile) -> DUTSocket? {
        station.sockets.first { $0.thermocouple == .chamberDUTInput }
    }

    /// The reader channel of each socket whose own thermocouple is on the thermocouple reader, by channel: the
    /// socket's index on the board.
    static func thermocoupleChannels(of station: StationFile) -> [Int: Int] {
        var channels: [Int: Int] = [:]
        for (index, socket) in station.sockets.enumerated() {
            if case .readerChannel(let channel) = socket.thermocouple { channels[channel] = index }
        }
        return channels
    }

    /// The board of a batch station: each socket's array with the socket's lane count, its own defects (or the
    /// station's `simulation.array` counts, or seed-drawn ones) and its own thermal lag.
    static func board(_ sockets: [DUTSocket], settings: SimulationSettings, seed: UInt64) -> BoardModel {
        BoardModel(
            seed: seed,
            sockets: sockets.map { socket in
                var parameters = arrayParameters(settings, lanes: socket.lanes)
                parameters.deadLaneCount = socket.simulation.deadLanes ?? settings.deadLanes
                parameters.weakLaneCount = socket.simulation.weakLanes ?? settings.weakLanes
                return BoardModel.SocketDesign(
                    id: socket.id, parameters: parameters,
                    dutTimeConstantSeconds: socket.simulation.dutTimeConstantSeconds ?? settings.dutTimeConstantSeconds,
                    overCurrentAboveCelsius: socket.simulation.overCurrentAboveCelsius)
            })
    }

    /// The array's design figures from the station's simulation settings; payload lanes keep the 400-of-416
    /// ratio of the reference design.
    private static func arrayParameters(_ settings: SimulationSettings, lanes count: Int? = nil) -> MicroLEDArrayModel.Parameters {
        var parameters = MicroLEDArrayModel.Parameters()
        let lanes = max(1, count ?? settings.lanes)
        parameters.laneCount = lanes
        parameters.activeLaneCount = max(1, Int((Double(lanes) * 400 / 416).rounded()))
        parameters.lineRateGbps = settings.lineRateGbps
        parameters.deadLaneCount = settings.deadLanes
        parameters.weakLaneCount = settings.weakLanes
        return parameters
    }
}
