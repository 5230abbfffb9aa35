/// One DUT socket of a batch station (`sockets:` in the station file): where one array sits on the board, the
/// instrument channels its lanes use, the supply that powers it and the thermocouple its conditions are read on.
///
/// A station without `sockets:` has one implicit socket built from `lane_map:` and `instruments.supply`, so the
/// single-DUT station is a batch of one (``StationFile/batchSockets``).
public struct DUTSocket: Sendable, Equatable {
    /// The socket's name on the board, e.g. `S1`; certificates and run directories name it.
    public var id: String
    /// Lanes the socket connects (the largest array it takes).
    public var lanes: Int
    /// Which BERT channel, switch output and meter channel serve each lane.
    public var laneMap: LaneMap
    /// What powers the DUT in this socket.
    public var supply: SocketSupply
    /// Which thermocouple the soak and the measurement window read for this socket.
    public var thermocouple: SocketThermocouple
    /// The simulated array in this socket, on a simulated station.
    public var simulation: SocketSimulation = SocketSimulation()
    /// The socket's line in the station file, for messages.
    public var line: Int?

    /// Creates a socket.
    public init(id: String, lanes: Int, laneMap: LaneMap, supply: SocketSupply, thermocouple: SocketThermocouple, line: Int? = nil) {
        self.id = id
        self.lanes = lanes
        self.laneMap = laneMap
        self.supply = supply
        self.thermocouple = thermocouple
        self.line = line
    }

    /// The socket's own supply instrument, if it has one.
    public var ownSupply: InstrumentEntry? {
        if case .own(let entry) = supply { return entry }
        return nil
    }

    /// The BERT channels the socket's lanes use.
    public var bertChannels: ClosedRange<Int> { laneMap.bertFirstChannel...(laneMap.bertFirstChannel + lanes - 1) }
    /// The switch outputs the socket's lanes use.
    public var switchChannels: ClosedRange<Int> { laneMap.switchFirstChannel...(laneMap.switchFirstChannel + lanes - 1) }
}

/// What powers a socket's DUT.
public enum SocketSupply: Sendable, Equatable {
    /// An output of the station's supply (`instruments.supply`), `supply_output: N`.
    case stationOutput(Int)
    /// The socket's own supply instrument, `supply: { driver: …, resource: …, calibration: … }`.
    case own(InstrumentEntry)

    public static func == (lhs: Self, rhs: Self) -> Bool {
        switch (lhs, rhs) {
        case (.stationOutput(let a), .stationOutput(let b)): return a == b
        case (.own(let a), .own(let b)): return a.driver == b.driver && a.resource == b.resource && a.output == b.output
        default: return false
        }
    }
}

/// Which temperature stands for a socket's DUT.
public enum SocketThermocouple: Sendable, Equatable {
    /// The chamber's DUT input is this socket's own thermocouple (`thermocouple: chamber`).
    case chamberDUTInput
    /// The chamber's air sensor stands for the socket (`thermocouple: air`).
    case air
    /// Another socket's thermocouple stands for this one (`thermocouple: S1`).
    case socket(String)
    /// The socket's own DUT thermocouple on a channel of the station's thermocouple reader
    /// (`instruments.thermocouples`), `thermocouple: thermocouples:101`.
    case readerChannel(Int)

    /// The prefix of a reader channel in the station file: `thermocouples:101`.
    public static let readerPrefix = "thermocouples:"

    /// Whether this is the socket's own thermocouple (the chamber's DUT input or a reader channel), which can
    /// stand for other sockets.
    public var isOwn: Bool {
        switch self {
        case .chamberDUTInput, .readerChannel: true
        case .air, .socket: false
        }
    }

    /// How the station file writes it.
    public var stationFileText: String {
        switch self {
        case .chamberDUTInput: "chamber"
        case .air: "air"
        case .socket(let id): id
        case .readerChannel(let channel): "\(Self.readerPrefix)\(channel)"
        }
    }
}

/// The simulated array in one socket: its own seed-drawn defects and thermal lag, and injected DUT failures.
public struct SocketSimulation: Sendable, Equatable {
    /// Dead lanes; nil lets the seed decide.
    public var deadLanes: Int?
    /// Weak lanes; nil lets the seed decide.
    public var weakLanes: Int?
    /// The DUT's thermal time constant, s; nil takes `simulation.chamber.dut_time_constant_seconds`.
    public var dutTimeConstantSeconds: Double?
    /// The DUT draws excess current whenever it is above this temperature, °C (`over_current_above_celsius`).
    public var overCurrentAboveCelsius: Double?

    /// Creates settings; everything nil lets the seed and the station's `simulation:` decide.
    public init(deadLanes: Int? = nil, weakLanes: Int? = nil, dutTimeConstantSeconds: Double? = nil, overCurrentAboveCelsius: Double? = nil) {
        self.deadLanes = deadLanes
        self.weakLanes = weakLanes
        self.dutTimeConstantSeconds = dutTimeConstantSeconds
        self.overCurrentAboveCelsius = overCurrentAboveCelsius
    }
}
