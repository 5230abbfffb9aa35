import BenchModel

/// The thermocouple reader's settings: which channels are configured as which thermocouple type, in which unit,
/// and the scan list `READ?` reads. Power-on and `*RST` clear them all.
struct ThermocoupleReaderState: Sendable, Equatable {
    /// The thermocouple type of each configured channel, e.g. `K`.
    var types: [Int: String] = [:]
    /// The temperature unit of each configured channel: `C`, `F` or `K`.
    var units: [Int: String] = [:]
    /// The channels `READ?` scans, in order.
    var scanList: [Int] = []
}

extension BenchWorld {
    /// Wires the reader's channels to the board: `channels` maps a reader channel to the board socket whose DUT
    /// carries its thermocouple. Each socket's DUT is followed through its own thermal lag from now on.
    mutating func wireThermocouples(_ channels: [Int: Int]) {
        thermocoupleSockets = channels
        thermal.followSockets(timeConstants: board?.sockets.map(\.dutTimeConstantSeconds) ?? [])
    }

    /// What channel `channel` of the thermocouple reader reads now, °C: the DUT temperature of the socket its
    /// thermocouple sits on (through that socket's own lag), or the air for a channel on no socket, plus Gaussian
    /// noise keyed by time and channel (sockets read in no fixed order, so no reading counter may key it) and any
    /// injected temperature excursion.
    func thermocoupleCelsius(channel: Int) -> Double {
        let socket = thermocoupleSockets[channel]
        let chamber = socket.flatMap { thermal.socketChamber($0, at: time) } ?? self.chamber
        let truth = socket == nil ? chamber.airCelsius : chamber.dutCelsius
        let noise = random.child(Self.thermocoupleKey).gaussian(SeededRandom.key(time), UInt64(channel))
        return truth + chamber.parameters.dutNoiseKelvin * noise + readingExcursionKelvin
    }

    /// The true DUT temperature of board socket `socket` at `time`, °C: through the socket's own lag on a board, the
    /// chamber's DUT otherwise.
    func dutCelsius(socket: Int?, at time: Double) -> Double {
        socket.flatMap { thermal.socketChamber($0, at: time)?.dutCelsius } ?? thermal.dutCelsius(at: time)
    }

    /// The true DUT temperature of the array that holds `lane` at `time`, °C.
    func dutCelsius(lane: Int, at time: Double) -> Double {
        dutCelsius(socket: board?.socket(ofBoardLane: lane)?.socket, at: time)
    }

    private static let thermocoupleKey = SeededRandom.key("thermocouples")
}
