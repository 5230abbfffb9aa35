import BenchModel
import InstrumentProtocols
import StationClock
import StationConfiguration
import StationLinks
import Synchronization

/// The running simulators of one station file: one per instrument whose resource is `sim`.
///
/// The chamber is served as Modbus RTU on a pseudo-terminal (`/dev/pts/N`), every SCPI instrument on its own
/// loopback TCP port, all by one serving thread over one shared ``SimulatedBench``. The real drivers connect to
/// ``resources`` exactly as they would to real instruments.
public final class SimulatedStation: Sendable {
    /// Where each simulated instrument listens: the chamber as .serial(device: "/dev/pts/N"),
    /// every SCPI instrument as .tcpSocket(board: 0, host: "127.0.0.1", port: P).
    public let resources: [InstrumentRole: ResourceString]
    /// The shared world (for tests and `qualstation simulate` status output).
    public let bench: SimulatedBench
    private let reactor: SimulatorReactor
    private let listeners: [TCPListener]
    private let terminal: PseudoTerminal?
    private let stopped = Mutex(false)

    private init(
        resources: [InstrumentRole: ResourceString], bench: SimulatedBench, reactor: SimulatorReactor,
        listeners: [TCPListener], terminal: PseudoTerminal?
    ) {
        self.resources = resources
        self.bench = bench
        self.reactor = reactor
        self.listeners = listeners
        self.terminal = terminal
    }

    deinit {
        stop()
    }

    /// Starts the simulators and returns once every one is listening. `seed` overrides the station file's seed.
    ///
    /// - Throws: ``SimulationError`` when the station has no `simulation:` section, a simulated instrument uses a
    ///   driver without a simulator, a fault cannot apply to its instrument, or a port or terminal cannot open.
    public static func start(station: StationFile, clock: any StationClock, seed: UInt64? = nil) throws -> SimulatedStation {
        guard let settings = station.simulation else {
            throw SimulationError(
                .noSimulationSection, station: station.path,
                message: "the station has no simulation: section, so there is no simulated world to serve")
        }
        var kinds: [InstrumentRole: SimulatorKind] = [:]
        for (role, entry) in station.instruments where entry.resource == .simulated {
            guard let kind = SimulatorKind.lookup(driver: entry.driver), Self.fits(kind, role: role) else {
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
        let array = MicroLEDArrayModel(parameters: Self.arrayParameters(settings), seed: seed)
        let chamber = ChamberModel.Parameters(
            ratedMinimumCelsius: settings.chamberRatedMinimumCelsius,
            ratedMaximumCelsius: settings.chamberRatedMaximumCelsius,
            maximumRampKelvinPerMinute: settings.chamberMaximumRampKelvinPerMinute,
            dutTimeConstantSeconds: settings.dutTimeConstantSeconds)
        let faults = FaultPlan(faults: settings.faults, random: random.child(SeededRandom.key("faults")))
        let transitions = faults.transitions { limit in
            let rated = chamber.ratedRange
            return limit >= chamber.ambientCelsius
                ? rated.lowerBound...max(rated.lowerBound, limit) : min(rated.upperBound, limit)...rated.upperBound
        }
        let wiring = BenchWiring(station: station, laneCount: array.lanes.count)
        let world = BenchWorld(
            array: array, chamber: chamber, wiring: wiring, random: random.child(SeededRandom.key("bench")),
            transitions: transitions)
        let bench = SimulatedBench(world: world, seed: seed, clock: clock)
        return try serve(station: station, kinds: kinds, bench: bench, faults: faults)
    }

    /// Opens a terminal or port per instrument and starts the serving thread.
    private static func serve(
        station: StationFile, kinds: [InstrumentRole: SimulatorKind], bench: SimulatedBench, faults: FaultPlan
    ) throws -> SimulatedStation {
        var resources: [InstrumentRole: ResourceString] = [:]
        var listeners: [TCPListener] = []
        var scpi: [SCPIEndpointConfiguration] = []
        var modbus: ModbusEndpointConfiguration?
        var terminal: PseudoTerminal?
        func closeAll() {
            for listener in listeners { listener.close() }
            terminal?.close()
        }
        do {
            let system = try SCPIEndpointConfiguration.SystemPatterns()
            for (role, kind) in kinds.sorted(by: { $0.key < $1.key }) {
                let entry = station.instrument(role)
                do {
                    switch kind {
                    case .watlowF4:
                        let opened = try PseudoTerminal.open()
                        terminal = opened
                        let unit = UInt8(clamping: max(1, min(247, entry?.modbusAddress ?? 1)))
                        let controller = SimulatedWatlowF4(unit: unit, seed: bench.seed)
                        modbus = ModbusEndpointConfiguration(
                            controller: controller, terminal: opened, bench: bench, faults: faults)
                        resources[role] = .serial(device: opened.devicePath)
                    case .scpiBERT, .keysightN774x, .scpiSwitch, .keithley2450:
                        let instrument = try makeInstrument(kind, wiring: bench.wiring, seed: bench.seed)
                        let listener = try TCPListener(host: "127.0.0.1", port: 0)
                        listeners.append(listener)
                        scpi.append(SCPIEndpointConfiguration(
                            instrument: instrument, listener: listener, bench: bench, faults: faults, system: system))
                        resources[role] = .tcpSocket(board: 0, host: "127.0.0.1", port: listener.port)
                    }
                } catch {
                    throw SimulationError(
                        .cannotServe, station: station.path, role: role, driver: entry?.driver,
                        message: "cannot serve the simulator: \(error)")
                }
            }
        } catch {
            closeAll()
            throw error
        }
        let reactor = SimulatorReactor()
        reactor.start(scpi: scpi, modbus: modbus)
        return SimulatedStation(
            resources: resources, bench: bench, reactor: reactor, listeners: listeners, terminal: terminal)
    }

    /// Stops serving and closes every pty and socket (idempotent).
    public func stop() {
        let first = stopped.withLock { stopped in
            defer { stopped = true }
            return !stopped
        }
        guard first else { return }
        reactor.stop()
        for listener in listeners { listener.close() }
        terminal?.close()
    }

    /// The simulator model of an SCPI family.
    private static func makeInstrument(
        _ kind: SimulatorKind, wiring: BenchWiring, seed: UInt64
    ) throws -> any SimulatedSCPIInstrument {
        switch kind {
        case .scpiBERT: try SimulatedBERT(channels: wiring.bertChannels ?? wiring.laneCount, seed: seed)
        case .keysightN774x: try SimulatedN774xMeter(channels: wiring.meterChannels, seed: seed)
        case .scpiSwitch: try SimulatedOpticalSwitch(channels: wiring.switchChannels ?? wiring.laneCount, seed: seed)
        case .keithley2450, .watlowF4: try SimulatedKeithley2450(seed: seed)
        }
    }

    /// Whether a family can play `role`.
    private static func fits(_ kind: SimulatorKind, role: InstrumentRole) -> Bool {
        switch kind {
        case .watlowF4: role == .chamber
        case .scpiBERT: role == .bert
        case .keysightN774x: role == .meter
        case .scpiSwitch: role == .switch
        case .keithley2450: role == .supply
        }
    }

    /// The array's design figures from the station's simulation settings; payload lanes keep the 400-of-416
    /// ratio of the reference design.
    private static func arrayParameters(_ settings: SimulationSettings) -> MicroLEDArrayModel.Parameters {
        var parameters = MicroLEDArrayModel.Parameters()
        let lanes = max(1, settings.lanes)
        parameters.laneCount = lanes
        parameters.activeLaneCount = max(1, Int((Double(lanes) * 400 / 416).rounded()))
        parameters.lineRateGbps = settings.lineRateGbps
        parameters.deadLaneCount = settings.deadLanes
        parameters.weakLaneCount = settings.weakLanes
        return parameters
    }
}
