import BenchModel
import StationConfiguration

/// The simulated world of one station: chamber and DUT, the Micro LED array, and the state of every simulated
/// instrument. Every request first advances it to the station clock's time (``advance(to:)``), which also
/// applies the faults scheduled up to then at their own times.
///
/// Couplings: the supply powers the DUT (off, browned out or in current limit: no light, no ageing); the DUT's
/// current depends on its temperature, the lanes the BERT drives and the line rate; the meter sees the lane the
/// switch routes to; a BERT lane syncs only with light above the receiver's threshold and matching patterns,
/// and counts errors at the lane's bit error ratio at the DUT's temperature and accumulated stress.
struct BenchWorld: Sendable {
    /// How instruments connect to lanes.
    let wiring: BenchWiring
    /// The source of all noise, error draws and fault draws.
    let random: SeededRandom
    /// The DUT.
    private(set) var array: MicroLEDArrayModel
    /// Chamber and accumulated stress.
    var thermal: ThermalTrack
    /// Supply settings (of the output that powers the DUT).
    var supply = SupplyState()
    /// The supply's power-on (and `*RST`) settings: the family's defaults.
    var supplyPowerOn = SupplyState()
    /// Settings of a multi-output supply's other outputs, which drive no load, by output number; an output
    /// missing here is at its power-on settings.
    var spareOutputs: [Int: SupplyState] = [:]
    /// BERT settings and counters.
    var bert: BERTState
    /// The switch output that is closed, if any.
    var switchClosed: Int? = 1
    /// Meter settings.
    var meter: MeterState
    /// The meter's power-on (and `*RST`) settings.
    var meterPowerOn: MeterState
    /// Whether the chamber's dry-air purge (event 2) is on.
    var chamberPurge = false
    /// Bench time at which the chamber's own dead man (a ThermoStream's `TTIM`) stops temperature control unless it
    /// is re-armed first; nil when it is not armed.
    var chamberDeadline: Double?
    /// DUT lanes (0-based) whose BERT detectors cannot hold a lock now (an injected `lose-sync`).
    var unlockableLanes: Set<Int> = []
    /// DUT lanes (0-based) that emit no light whatever drives them (an injected `dark-lanes`: a DUT failure).
    var darkLanes: Set<Int> = []
    /// How far the chamber's temperature readings depart from the physics now, K (an injected
    /// `temperature-excursion`).
    var readingExcursionKelvin = 0.0
    /// Counters distinguishing readings taken at the same time.
    var readings = ReadingCounters()
    /// Bench time of the latest request, s.
    private(set) var time = 0.0
    /// What the supply delivers now.
    private(set) var operatingPoint = SupplyState.OperatingPoint(volts: 0, amps: 0, inCompliance: false, dutPowered: false)
    /// Reboots so far per role (an endpoint compares this to reset its own status registers).
    private(set) var rebootGenerations: [InstrumentRole: Int] = [:]
    /// Fault transitions not yet applied, in time order.
    private var pending: [ScheduledTransition]
    /// The board of a batch station (its sockets' arrays make up ``array``), nil for a single DUT.
    private(set) var board: BoardModel?
    /// The settings of each socket's own supply, by socket index (sockets on the station's supply are not here).
    var ownSupplies: [Int: SupplyState] = [:]
    /// What each socket's own supply delivers now, by socket index.
    private(set) var ownPoints: [Int: SupplyState.OperatingPoint] = [:]
    /// How many of each socket's lanes the BERT drives, while the BERT's outputs stay as they are.
    var drivenBySocket: [Int]?
    /// The thermocouple reader's settings.
    var thermocoupleReader = ThermocoupleReaderState()
    /// The board socket whose DUT carries the thermocouple on each reader channel, by channel.
    var thermocoupleSockets: [Int: Int] = [:]

    /// Counters of readings per instrument, keys of their noise.
    ///
    /// On a batch board the sockets' measurements interleave in whatever order their tasks reach the instruments,
    /// so the counters are kept per socket (and chamber readings are keyed by time alone): a socket's nth reading
    /// then has the same noise whatever the other sockets did meanwhile, and a seed gives the same certificates.
    struct ReadingCounters: Sendable {
        /// The key of readings not tied to one socket of a board (and of every reading of a single DUT).
        static let unsocketed = -1
        var chamber: UInt64 = 0
        /// Supply readings so far, by socket of a board with its own supply (``unsocketed``: the station's supply).
        var supply: [Int: UInt64] = [:]
        /// The chamber set point (tenths of a degree) of the latest meter reading.
        var meterSetpoint: UInt64 = .max
        /// Meter readings since the set point last changed, by the board socket whose light was read
        /// (``unsocketed`` for a single DUT, or where no socket's light was seen).
        var meterAtSetpoint: [Int: UInt64] = [:]
    }

    /// A world at bench time 0: chamber stopped at ambient, supply off, BERT outputs off.
    init(
        array: MicroLEDArrayModel, chamber: ChamberModel.Parameters, wiring: BenchWiring, random: SeededRandom,
        transitions: [ScheduledTransition]
    ) {
        self.array = array
        self.wiring = wiring
        self.random = random
        self.thermal = ThermalTrack(chamber: ChamberModel(parameters: chamber, time: 0, running: false))
        self.bert = BERTState(channels: wiring.bertChannels ?? 0, lineRate: array.parameters.lineRateGbps * 1e9)
        self.meter = MeterState(channels: wiring.meterChannels)
        self.meterPowerOn = meter
        self.pending = transitions
    }

    // MARK: Time

    /// Advances to bench time `target` (never backwards), applying scheduled fault transitions at their times,
    /// then re-evaluates what the supply delivers (the DUT's current changes with its temperature).
    mutating func advance(to target: Double) {
        let now = max(target, time)
        while true {
            let fault = pending.first.map(\.time)
            if let deadline = chamberDeadline, deadline <= now, fault.map({ deadline < $0 }) ?? true {
                // The dead man ran out: the chamber stops regulating by itself, at that moment.
                chamberDeadline = nil
                time = max(deadline, time)
                thermal.control(at: time, array: array) { $0.setRunning(false) }
                continue
            }
            guard let next = pending.first, next.time <= now else { break }
            pending.removeFirst()
            let at = max(next.time, time)
            time = at
            apply(next.change, at: at)
        }
        time = now
        updatePower(at: now)
    }

    private mutating func apply(_ change: FaultTransition, at time: Double) {
        switch change {
        case .reboot(let role):
            powerOnReset(role, at: time)
            rebootGenerations[role, default: 0] += 1
        case .alarm(let on):
            thermal.control(at: time, array: array) { $0.alarm = on ? "limit alarm" : nil }
        case .reachable(let range):
            thermal.control(at: time, array: array) { $0.reachableRange = range }
        case .overCurrent(let on):
            array.overCurrentFault = on
            updatePower(at: time)
        case .loseSync(let lanes, let lost):
            if lost { unlockableLanes.formUnion(lanes) } else { unlockableLanes.subtract(lanes) }
            refreshLanes(at: time)
        case .darkLanes(let lanes):
            darkLanes.formUnion(lanes)
            refreshLanes(at: time)
        case .excursion(let kelvin):
            readingExcursionKelvin = kelvin
        }
    }

    /// Returns an instrument to its power-on state (a reboot, or `*RST`).
    mutating func powerOnReset(_ role: InstrumentRole, at time: Double) {
        switch role {
        case .chamber:
            let ambient = thermal.anchor.parameters.ambientCelsius
            thermal.control(at: time, array: array) { chamber in
                chamber.setRunning(false)
                chamber.setSetpoint(ambient)
            }
            chamberPurge = false
            chamberDeadline = nil
        case .bert:
            commitAllLanes(at: time)
            bert.reset()
            drivenBySocket = nil
            updatePower(at: time, refreshLanes: true)
        case .supply:
            supply = supplyPowerOn
            spareOutputs = [:]
            updatePower(at: time)
        case .switch:
            switchClosed = 1
        case .meter:
            meter = meterPowerOn
        case .thermocouples:
            thermocoupleReader = ThermocoupleReaderState()
        }
    }

    // MARK: Chamber

    /// The chamber at the current time.
    var chamber: ChamberModel { thermal.chamber(at: time) }

    /// Changes a chamber control (setpoint, run/stop) now.
    mutating func controlChamber(_ change: (inout ChamberModel) -> Void) {
        thermal.control(at: time, array: array, change)
        updatePower(at: time)
    }

    /// Equivalent stress hours at 85 °C accumulated so far.
    mutating func stressHours() -> Double {
        thermal.stressHours(at: time, array: array)
    }

    // MARK: Supply and light

    /// The line rate the DUT runs at, Gb/s: the BERT's, or the array's design rate without a BERT.
    var lineRateGbps: Double {
        wiring.bertChannels == nil ? array.parameters.lineRateGbps : bert.lineRate / 1e9
    }

    /// Whether `lane` is being modulated: its BERT channel's output is on (every lane, without a BERT).
    func isDriven(lane: Int) -> Bool {
        guard wiring.bertChannels != nil else { return true }
        guard let channel = wiring.bertChannel(lane: lane), bert.lanes.indices.contains(channel - 1) else {
            return false
        }
        return bert.lanes[channel - 1].outputOn
    }

    /// Lanes being modulated.
    var drivenLaneCount: Int {
        (0..<wiring.laneCount).reduce(0) { $0 + (isDriven(lane: $1) ? 1 : 0) }
    }

    /// Recomputes the supply's operating point at `time`; when the DUT's power changes (or `refreshLanes`),
    /// re-anchors the stress integral and re-evaluates BERT sync.
    mutating func updatePower(at time: Double, refreshLanes: Bool = false) {
        if let board {
            updateBoardPower(board, at: time, refreshLanes: refreshLanes)
            return
        }
        let dut = thermal.dutCelsius(at: time)
        let lanes = drivenLaneCount
        let rate = lineRateGbps
        let array = self.array
        let point = supply.operatingPoint(referenceVolts: array.parameters.supplyReferenceVolts) { volts in
            array.supplyCurrent(dutCelsius: dut, drivenLanes: lanes, lineRateGbps: rate, voltage: volts)
        }
        let changed = point.dutPowered != operatingPoint.dutPowered
        operatingPoint = point
        thermal.setPowered(point.dutPowered, at: time, array: array)
        if changed || refreshLanes {
            self.refreshLanes(at: time)
        }
    }

    /// Makes this a batch world: `board`'s sockets make up the array; the sockets in `ownSupplies` have their own
    /// supply (at power-on settings), the others share the station's.
    mutating func installBoard(_ board: BoardModel, ownSupplies sockets: Set<Int>) {
        self.board = board
        ownSupplies = Dictionary(uniqueKeysWithValues: sockets.map { ($0, supplyPowerOn) })
        ownPoints = ownSupplies.mapValues { _ in SupplyState.OperatingPoint(volts: 0, amps: 0, inCompliance: false, dutPowered: false) }
        updatePower(at: time)
    }

    /// Whether the DUT that `lane` belongs to is powered now.
    func isPowered(lane: Int) -> Bool {
        guard let board, let place = board.socket(ofBoardLane: lane), let own = ownPoints[place.socket] else {
            return operatingPoint.dutPowered
        }
        return own.dutPowered
    }

    /// What the supply of socket `socket` (nil: the station's supply) delivers now.
    func supplyPoint(socket: Int?) -> SupplyState.OperatingPoint {
        socket.flatMap { ownPoints[$0] } ?? operatingPoint
    }

    /// The batch form of ``updatePower(at:refreshLanes:)``: each supply delivers what the sockets it powers draw,
    /// a socket above its over-current threshold drawing the fault's excess.
    private mutating func updateBoardPower(_ board: BoardModel, at time: Double, refreshLanes: Bool) {
        // Each socket's array draws at its own DUT's temperature (through the socket's own lag).
        let temperatures = board.sockets.indices.map { dutCelsius(socket: $0, at: time) }
        let rate = lineRateGbps
        let reference = array.parameters.supplyReferenceVolts
        let faulty = array.overCurrentFault
        let driven = drivenBySocket ?? drivenLanes(board)
        drivenBySocket = driven
        func demand(_ sockets: [Int]) -> (Double) -> Double {
            { volts in
                sockets.reduce(0) { sum, index in
                    var array = board.sockets[index].array
                    let dut = temperatures[index]
                    array.overCurrentFault = faulty || board.sockets[index].drawsOverCurrent(atCelsius: dut)
                    return sum + array.supplyCurrent(dutCelsius: dut, drivenLanes: driven[index], lineRateGbps: rate, voltage: volts)
                }
            }
        }
        let before = board.sockets.indices.map { ownPoints[$0]?.dutPowered ?? operatingPoint.dutPowered }
        let shared = board.sockets.indices.filter { ownSupplies[$0] == nil }
        operatingPoint = supply.operatingPoint(referenceVolts: reference, demand: demand(shared))
        for (index, state) in ownSupplies {
            ownPoints[index] = state.operatingPoint(referenceVolts: reference, demand: demand([index]))
        }
        let after = board.sockets.indices.map { ownPoints[$0]?.dutPowered ?? operatingPoint.dutPowered }
        thermal.setPowered(after.contains(true), at: time, array: array)
        if before != after || refreshLanes {
            self.refreshLanes(at: time)
        }
    }

    /// How many of each socket's lanes the BERT drives now (every lane without a BERT).
    private func drivenLanes(_ board: BoardModel) -> [Int] {
        guard wiring.bertChannels != nil else { return board.sockets.map(\.array.lanes.count) }
        var driven = [Int](repeating: 0, count: board.sockets.count)
        for index in bert.lanes.indices where bert.lanes[index].outputOn {
            guard let lane = wiring.lane(bertChannel: index + 1), let place = board.socket(ofBoardLane: lane) else { continue }
            driven[place.socket] += 1
        }
        return driven
    }

    /// Optical power at the photodiode of `lane` now, W: the array's figure while powered and driven, the dark
    /// power otherwise (and for good once the lane has gone dark).
    mutating func emittedPower(lane: Int) -> Double {
        guard isPowered(lane: lane), isDriven(lane: lane), !darkLanes.contains(lane) else {
            return array.parameters.darkPowerWatts
        }
        let stress = stressHours()
        return array.opticalPower(lane: lane, dutCelsius: dutCelsius(lane: lane, at: time), stressHours: stress)
    }

    /// Whether a BERT receiver on `lane` sees a signal it can sync to now.
    mutating func hasSignal(lane: Int) -> Bool {
        guard isPowered(lane: lane), isDriven(lane: lane), !darkLanes.contains(lane) else { return false }
        let stress = stressHours()
        return array.hasSignal(lane: lane, dutCelsius: dutCelsius(lane: lane, at: time), stressHours: stress)
    }

    /// The true bit error ratio of `lane` now.
    mutating func bitErrorRatio(lane: Int) -> Double {
        let stress = stressHours()
        return array.bitErrorRatio(lane: lane, dutCelsius: dutCelsius(lane: lane, at: time), stressHours: stress)
    }
}
