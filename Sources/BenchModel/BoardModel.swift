/// Several Micro LED arrays on one board in one chamber (a batch): each socket's array is drawn from its own
/// seed (the station seed and the socket's id), so sockets with the same settings still get different dead and
/// weak lanes, and each socket has its own thermal lag behind the air and its own injected DUT failure.
///
/// The board's lanes are numbered socket after socket (``Socket/firstLane``); ``combinedArray`` is the whole board
/// as one array, which the simulated BERT, switch and meter see through their channels.
public struct BoardModel: Sendable, Equatable {
    /// One socket's array and thermal coupling.
    public struct Socket: Sendable, Equatable {
        /// The socket's id.
        public let id: String
        /// The array in the socket, lanes numbered from 0 within the socket.
        public let array: MicroLEDArrayModel
        /// The board lane of the socket's lane 0.
        public let firstLane: Int
        /// The DUT's thermal time constant behind the air, s.
        public let dutTimeConstantSeconds: Double
        /// The DUT draws ``MicroLEDArrayModel/Parameters/overCurrentFactor`` times its current above this
        /// temperature, °C; nil for a DUT without that failure.
        public let overCurrentAboveCelsius: Double?

        /// Whether the DUT draws excess current at `dutCelsius`.
        public func drawsOverCurrent(atCelsius dutCelsius: Double) -> Bool {
            overCurrentAboveCelsius.map { dutCelsius > $0 } ?? false
        }
    }

    /// What the board is built from, per socket.
    public struct SocketDesign: Sendable, Equatable {
        /// The socket's id (part of its array's seed).
        public var id: String
        /// The array's design figures (lane count, fixed dead and weak lane counts or nil for seed-drawn ones).
        public var parameters: MicroLEDArrayModel.Parameters
        /// The DUT's thermal time constant, s.
        public var dutTimeConstantSeconds: Double
        /// The over-current threshold, °C, if the DUT has that failure.
        public var overCurrentAboveCelsius: Double?

        /// Creates a socket design.
        public init(
            id: String, parameters: MicroLEDArrayModel.Parameters, dutTimeConstantSeconds: Double, overCurrentAboveCelsius: Double? = nil
        ) {
            self.id = id
            self.parameters = parameters
            self.dutTimeConstantSeconds = dutTimeConstantSeconds
            self.overCurrentAboveCelsius = overCurrentAboveCelsius
        }
    }

    /// The sockets in board order.
    public let sockets: [Socket]
    /// The station seed.
    public let seed: UInt64

    /// Draws every socket's array from `seed` and the socket's id.
    public init(seed: UInt64, sockets designs: [SocketDesign]) {
        self.seed = seed
        var first = 0
        var sockets: [Socket] = []
        for design in designs {
            let array = MicroLEDArrayModel(parameters: design.parameters, seed: Self.seed(of: design.id, boardSeed: seed))
            sockets.append(
                Socket(
                    id: design.id, array: array, firstLane: first, dutTimeConstantSeconds: design.dutTimeConstantSeconds,
                    overCurrentAboveCelsius: design.overCurrentAboveCelsius))
            first += array.lanes.count
        }
        self.sockets = sockets
    }

    /// The seed of socket `id`'s array on a board seeded with `boardSeed`.
    public static func seed(of id: String, boardSeed: UInt64) -> UInt64 {
        SeededRandom(seed: boardSeed).hash(keys: [SeededRandom.key("board.socket"), SeededRandom.key(id)])
    }

    /// The socket and its own lane index of board lane `lane`, if a socket has it.
    public func socket(ofBoardLane lane: Int) -> (socket: Int, lane: Int)? {
        guard let index = sockets.lastIndex(where: { $0.firstLane <= lane }) else { return nil }
        let local = lane - sockets[index].firstLane
        return sockets[index].array.lanes.indices.contains(local) ? (index, local) : nil
    }

    /// The whole board as one array: every socket's lanes in board order (the first socket's design figures,
    /// lane and payload counts summed).
    public var combinedArray: MicroLEDArrayModel {
        MicroLEDArrayModel(concatenating: sockets.map(\.array))
    }
}
